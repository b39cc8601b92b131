//! Rows written straight into the local D1 database (with `wrangler d1
//! execute`, while the server is stopped), for figures that need more
//! data than the API can make in a test's time.

use serde_json::{json, Value};

use crate::client::Clinic;

/// SQL inserting `n` visits into the appointment read model, each a copy
/// of `template` (a real appointment's JSON) with its own uid and start,
/// one a minute from `start_ms`. Row 7 is cancelled with a reason that is
/// a spreadsheet formula with quotes and a comma.
pub fn visits_sql(clinic: &Clinic, template: &Value, n: i64, start_ms: i64) -> String {
    let iso = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    };
    let mut sql = String::new();
    // D1 caps one statement at 100 KB: 50 rows at a time.
    for chunk in (0..n).collect::<Vec<_>>().chunks(50) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|i| {
                let uid = visit_uid(clinic, *i);
                let start = start_ms + i * 60_000;
                let mut body = template.clone();
                body["appointment_uid"] = json!(uid);
                body["start"] = json!(iso(start));
                body["end"] = json!(iso(start + 1_800_000));
                if *i == 7 {
                    body["status"] = json!("cancelled");
                    body["cancellation_reason"] = json!("=HYPERLINK(\"http://x\"), said \"no\"");
                }
                let body = body.to_string().replace('\'', "''");
                format!(
                    "('{uid}', '{org}', '{shop}', '{doctor}', 'pp-report', '{atype}', 'confirmed', {start}, 1, '{body}')",
                    org = clinic.org.org_uid,
                    shop = clinic.shop.shop_uid,
                    doctor = clinic.doctors[0].0,
                    atype = template["appointment_type_uid"].as_str().unwrap(),
                )
            })
            .collect();
        sql.push_str(&format!(
            "INSERT INTO appointments (appointment_uid, org_uid, shop_uid, doctor_uid, patient_profile_uid, appointment_type_uid, status, start_at, version, body) VALUES {};\n",
            rows.join(",")
        ));
    }
    sql
}

/// The uid [`visits_sql`] gives visit `i`.
pub fn visit_uid(clinic: &Clinic, i: i64) -> String {
    format!(
        "apt_{}_{i:026}",
        clinic.shop.shop_uid.trim_start_matches("shop_")
    )
}
