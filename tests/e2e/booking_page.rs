//! The hosted booking page (issue 16) in headless Chromium
//! (tests/browser/booking_page.mjs): a clinic in Berlin with two doctors,
//! a type with a week's cancellation notice and one with none, and a
//! partner's booking secret the test mints tokens with.

use frontdesk_tests::client::Clinic;
use libtest_mimic::Failed;
use serde_json::json;

pub fn browser_booking_page(base: &str) -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (key, kid, secret) = rt.block_on(async {
        let clinic = Clinic::new(base, "Booking page clinic", 2, "Europe/Berlin").await;
        clinic
            .create_type(json!({
                "name": "Strict consult",
                "duration_minutes": 30,
                "min_cancel_notice_minutes": 10080,
                "payment_modes": ["at_clinic", "online"],
            }))
            .await;
        clinic
            .create_type(json!({ "name": "Flexible consult", "duration_minutes": 20 }))
            .await;
        let made = clinic
            .org
            .post(
                "/v1/management/booking-secrets",
                json!({ "name": "storefront" }),
            )
            .await
            .expect(201);
        (
            clinic.org.key.clone(),
            made["key_id"].as_str().unwrap().to_owned(),
            made["secret"].as_str().unwrap().to_owned(),
        )
    });
    frontdesk_tests::browser::run(
        "booking_page.mjs",
        &[
            ("FRONTDESK_URL", base),
            ("FRONTDESK_API_KEY", &key),
            ("FRONTDESK_BOOKING_KID", &kid),
            ("FRONTDESK_BOOKING_SECRET", &secret),
        ],
    )
    .map_err(Failed::from)
}
