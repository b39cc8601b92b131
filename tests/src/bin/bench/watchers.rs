//! Part b: patients watching a queue when the first one cancels. Every
//! watcher waits behind the first entry; the time counted is from sending
//! the cancel until each socket has its new position (one place forward).

use std::time::{Duration, Instant};

use frontdesk_tests::client::{Api, Org, Shop, Watcher};
use futures_util::future::join_all;
use futures_util::stream::{self, StreamExt};

use crate::stats::{ms, ratio, Sample, Table};

/// A shop's queue with its watchers connected, ready for the cancel.
struct Watched {
    org: Org,
    /// The entry at position 1.
    first: String,
    /// Each socket with the position it must move to.
    watchers: Vec<(Watcher, u64)>,
}

/// Registers `watchers + 1` patients in `shop` and connects a socket to
/// every entry but the first, each from its watch URL; `at_once`
/// registrations (and four times as many connections) in flight.
async fn watched(org: &Org, shop: &Shop, watchers: usize, at_once: usize) -> Watched {
    let name = &shop.shop_uid;
    let registered: Vec<(String, u64, String)> = stream::iter(0..=watchers)
        .map(|i| {
            let (org, shop) = (
                org.clone(),
                Shop {
                    shop_uid: shop.shop_uid.clone(),
                },
            );
            async move {
                let reg = org
                    .register_with_key(&shop, &format!("pp-w{i}"), &format!("{name}-{i}"))
                    .await;
                (
                    reg["queue_uid"].as_str().unwrap().to_owned(),
                    reg["position"].as_u64().unwrap(),
                    reg["watch_url"].as_str().unwrap().to_owned(),
                )
            }
        })
        .buffer_unordered(at_once)
        .collect()
        .await;
    let mut positions: Vec<u64> = registered.iter().map(|r| r.1).collect();
    positions.sort_unstable();
    assert_eq!(
        positions,
        (1..=watchers as u64 + 1).collect::<Vec<_>>(),
        "registrations got gapless positions"
    );
    let first = registered.iter().find(|r| r.1 == 1).unwrap().0.clone();
    let watchers = stream::iter(registered.into_iter().filter(|r| r.1 != 1))
        .map(|(_, position, url)| async move {
            let mut w = Watcher::connect(&url).await;
            let now = w.next(Duration::from_secs(30)).await;
            assert_eq!(now["position"], position, "{now}");
            (w, position - 1)
        })
        .buffer_unordered(4 * at_once)
        .collect()
        .await;
    Watched {
        org: org.clone(),
        first,
        watchers,
    }
}

/// What one cancel took: its own answer, and each socket's update.
struct Fanout {
    cancel: Duration,
    updates: Vec<Duration>,
}

/// Cancels the first entry and times every socket's update.
async fn cancel_first(w: Watched) -> Fanout {
    let waiting: Vec<_> = w
        .watchers
        .into_iter()
        .map(|(mut socket, expected)| {
            tokio::spawn(async move {
                socket
                    .until(Duration::from_secs(60), |m| m["position"] == expected)
                    .await;
                let at = Instant::now();
                // Kept open until every socket has its update.
                (at, socket)
            })
        })
        .collect();
    let sent = Instant::now();
    w.org
        .delete(&format!("/v1/management/waiting-room/{}", w.first))
        .await
        .expect(200);
    let cancel = sent.elapsed();
    let mut updates = Vec::new();
    let mut sockets = Vec::new();
    for t in waiting {
        let (at, socket) = t.await.expect("a watcher got its new position");
        updates.push(at - sent);
        sockets.push(socket);
    }
    Fanout { cancel, updates }
}

pub async fn run(base: &str, round_trip: Duration, one_shop: usize, ten_shops: usize) {
    let mut table = Table::new(&[
        "figure",
        "sockets",
        "p50 ms",
        "p99 ms",
        "max ms",
        "cancel answered ms",
        "p99 ÷ no-op",
    ]);
    let mut row = |name: &str, f: Vec<Fanout>| {
        let cancel = f.iter().map(|f| f.cancel).max().unwrap_or_default();
        let all = Sample::new(f.into_iter().flat_map(|f| f.updates).collect());
        table.row(vec![
            name.to_owned(),
            all.len().to_string(),
            format!("{:.1}", ms(all.p50())),
            format!("{:.1}", ms(all.p99())),
            format!("{:.1}", ms(all.max())),
            format!("{:.1}", ms(cancel)),
            ratio(ms(all.p99()), ms(round_trip)),
        ]);
    };

    if one_shop > 0 {
        crate::step(&format!("b: {one_shop} watchers of one shop"));
        let org = Api::new(base).create_org("Bench watchers").await;
        let shop = org.create_shop("one").await;
        let w = watched(&org, &shop, one_shop, 16).await;
        crate::profile::start().await;
        let f = cancel_first(w).await;
        crate::profile::stop(&format!("b the cancel before {one_shop} watchers")).await;
        row(
            &format!("{one_shop} watchers of one shop, the first entry cancelled"),
            vec![f],
        );
    }

    let capped = ten_shops.min(socket_capacity());
    if capped < ten_shops {
        crate::step(&format!(
            "b: {ten_shops} watchers asked for; the open-file limit allows about {capped}"
        ));
    }
    if capped > 0 {
        let ten_shops = capped;
        let per_shop = ten_shops / 10;
        crate::step(&format!("b: {ten_shops} watchers over 10 shops"));
        let org = Api::new(base).create_org("Bench watchers, 10 shops").await;
        // The shops fill at once: registering 10,000 patients one shop
        // after another would take minutes.
        let mut shops = Vec::new();
        for s in 0..10 {
            shops.push(org.create_shop(&format!("shop{s}")).await);
        }
        let shops = join_all(shops.iter().map(|shop| watched(&org, shop, per_shop, 4))).await;
        // One cancel in each shop, all sent at once.
        let fanouts = join_all(shops.into_iter().map(cancel_first)).await;
        row(
            &format!("{ten_shops} watchers over 10 shops, one cancel in each (sent at once)"),
            fanouts,
        );
    }
    let note = if capped < ten_shops {
        format!(
            " {ten_shops} watchers over 10 shops did not fit: this machine's open-file limit ({} per process, not raisable here) ends workerd at about 4,300 sockets (`accept: Too many open files`, fatal), so the spread row has {capped}.",
            open_file_limit()
        )
    } else {
        String::new()
    };
    table.print(&format!(
        "**b. Watchers**: from sending the cancel until each socket has its new position (the cancel answer column: the slowest cancel's own answer).{note}"
    ));
}

/// The process's hard limit on open files, from /proc (0 if unknown).
fn open_file_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|l| {
            l.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(4).map(str::to_owned))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Watch sockets `wrangler dev` survives under that limit: its workerd
/// holds several descriptors per socket (seen: it died with `accept: Too
/// many open files` at about 4,300 sockets under 20,000), so a sixth of
/// the limit, in whole hundreds per shop.
fn socket_capacity() -> usize {
    match open_file_limit() {
        0 => usize::MAX,
        limit => limit / 6 / 1000 * 1000,
    }
}
