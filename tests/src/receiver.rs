//! A webhook receiver for the tests: a real HTTP server on loopback that
//! answers with scripted status codes and records every request it gets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Received {
    /// The request target, e.g. `/hook`.
    pub path: String,
    /// Header names lowercased.
    pub headers: HashMap<String, String>,
    pub body: String,
}

pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    /// Answers the n-th request with `statuses[n]`, and the last one after;
    /// `0` reads the request and never answers.
    pub async fn start(statuses: Vec<u16>) -> Receiver {
        Receiver::start_with(statuses, None, None).await
    }

    /// Answers with `statuses` as [`Receiver::start`] does, each answer
    /// carrying `body` as JSON (a fake of another service's API).
    pub async fn answering_json(statuses: Vec<u16>, body: &str) -> Receiver {
        Receiver::start_with(statuses, None, Some(body.to_owned())).await
    }

    /// Answers every request `307 Temporary Redirect` to `location`.
    pub async fn redirecting_to(location: &str) -> Receiver {
        Receiver::start_with(vec![307], Some(location.to_owned()), None).await
    }

    async fn start_with(
        statuses: Vec<u16>,
        location: Option<String>,
        reply_body: Option<String>,
    ) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head, then as much body as Content-Length says.
                let (head_end, length) = loop {
                    let n = match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => break (None, 0),
                        Ok(n) => n,
                    };
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buf[..pos]).to_string();
                        let length = head
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse().ok())?
                            })
                            .unwrap_or(0usize);
                        break (Some(pos + 4), length);
                    }
                };
                let Some(head_end) = head_end else {
                    continue;
                };
                while buf.len() < head_end + length {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let path = head
                    .lines()
                    .next()
                    .and_then(|l| l.split(' ').nth(1))
                    .unwrap_or_default()
                    .to_owned();
                let headers = head
                    .lines()
                    .skip(1)
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
                    .collect();
                let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
                let status = {
                    let mut log = log.lock().unwrap();
                    log.push(Received {
                        path,
                        headers,
                        body,
                    });
                    statuses[(log.len() - 1).min(statuses.len() - 1)]
                };
                if status == 0 {
                    // Never answers: the sender's attempt stays in flight.
                    tokio::spawn(async move {
                        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                        drop(socket);
                    });
                    continue;
                }
                let location = location
                    .as_deref()
                    .map(|l| format!("Location: {l}\r\n"))
                    .unwrap_or_default();
                let content = reply_body.clone().unwrap_or_default();
                let content_type = if reply_body.is_some() {
                    "Content-Type: application/json\r\n"
                } else {
                    ""
                };
                let reply = format!(
                    "HTTP/1.1 {status} Scripted\r\n{location}{content_type}Content-Length: {}\r\nConnection: close\r\n\r\n{content}",
                    content.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            }
        });
        Receiver { url, received }
    }

    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    pub fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived, at most `secs` seconds.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(secs);
        while self.count() < n && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.all()
    }
}
