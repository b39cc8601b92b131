//! Every parser core offers for outside input (request bodies, query
//! strings, headers, tokens, stored JSON) returns `Ok` or `Err` for any
//! input and never panics. Inputs are arbitrary strings and arbitrary JSON,
//! biased towards each parser's real field names and towards the values
//! that have broken parsers before: extreme dates, NaN and infinity, huge
//! lists. (Booking tokens are covered with their own module.)

use chrono::{DateTime, Duration, NaiveDate, Utc};
use data_encoding::BASE64URL_NOPAD;
use frontdesk_core::auth::{decode_scopes, operator_token_matches, PresentedKey, Scope};
use frontdesk_core::calendar::appointment::{AppointmentStatus, Lifecycle, PaymentMode};
use frontdesk_core::calendar::availability::{hhmm, weekday, Availability};
use frontdesk_core::calendar::reminders::{due, next_due, Reminded};
use frontdesk_core::calendar::rules::{RebookingMode, RecipientGroup, ReminderRule, TypeRules};
use frontdesk_core::calendar::slots::{free, is_offered, offered};
use frontdesk_core::estimate::{average_consultation, estimated_wait_minutes};
use frontdesk_core::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, QueueUid, ShopUid,
    VideoRoomId,
};
use frontdesk_core::patient::{merge_patch, uid_for_retry, Demographics, Profile};
use frontdesk_core::phone::{normalize, Region};
use frontdesk_core::queue::QueueStatus;
use frontdesk_core::routes::{match_route, Method};
use frontdesk_core::sealed::{open, seal, MasterKey};
use frontdesk_core::time::{LIFETIME, SCHEDULE};
use frontdesk_core::watch;
use frontdesk_core::webhook::{
    after_attempt, check_endpoint, parse_retry_after, parse_schedule, sign, Endpoint,
};
use frontdesk_core::wire::{
    self, parse_availability, parse_cancel_reason, parse_patient_cancel_reason, Allocate, Body,
    Book, CreateApiKey, CreateAppointmentType, CreateBookingSecret, CreateDoctor,
    CreateOrganization, CreatePartner, CreateShop, Cursor, Overview, OverviewCursor, PageQuery,
    Presence, Query, Rebook, Register, SlotSearch, WebhookSettings,
};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use sha2::Sha256;

/// Every field name a core parser reads, from bodies, queries and records.
const FIELDS: &[&str] = &[
    // Waiting room, organisation, shops, doctors, keys.
    "shop_uid",
    "patient_profile_uid",
    "preferred_doctor_uid",
    "visit_reason",
    "doctor_uid",
    "online",
    "name",
    "default_country",
    "address",
    "time_zone",
    "scopes",
    // Appointment types and reminders.
    "duration_minutes",
    "hold_ttl_seconds",
    "min_booking_notice_minutes",
    "min_cancel_notice_minutes",
    "min_rebook_notice_minutes",
    "rebooking_mode",
    "reminders",
    "recipient",
    "minutes_before",
    "send_email",
    "send_sms",
    "payment_modes",
    // Availability and bookings.
    "weekly",
    "weekday",
    "start",
    "end",
    "overrides",
    "date",
    "windows",
    "appointment_type_uid",
    "payment_mode",
    "status",
    "reason",
    // Queries.
    "start_date",
    "end_date",
    "from",
    "to",
    "limit",
    "cursor",
    // Patient records.
    "mrn",
    "use",
    "family",
    "firstName",
    "middleName",
    "lastName",
    "alias",
    "birthDate",
    "gender",
    "maritalStatus",
    "telecom",
    "system",
    "value",
    "contact",
    "preferredLanguage",
    "race",
    "ethnicity",
    "line",
    "apartment",
    "city",
    "state",
    "postalcode",
    "country",
    "active",
    "deceased",
    "deceasedAt",
    "isLinkedByEmail",
    "sharedEmailGroup",
    "type",
    "identifiers",
    // Seed 002's and seed 003's surfaces.
    "id",
    "accountNumber",
    "familyMember",
    "groupType",
    "groupName",
    "reasons",
    "duration",
    "waitingRoom",
    "externalId",
    "episodeOfCareId",
    "appointment_uid",
    "patient",
    // Watch tokens.
    "org",
    "q",
    "exp",
];

fn uids() -> Vec<String> {
    let shop = ShopUid::new(&[1; 16]);
    vec![
        shop.to_string(),
        DoctorUid::new(&[2; 16]).to_string(),
        AppointmentTypeUid::new(&[3; 16]).to_string(),
        OrgUid::new(&[4; 16]).to_string(),
        QueueUid::new(&shop, &[5; 16]).to_string(),
        AppointmentUid::new(&shop, &[6; 16]).to_string(),
        VideoRoomId::new(&[7; 16]).to_string(),
        "pp-xyz789".to_owned(),
    ]
}

/// Values that have broken, or could break, a parser.
fn tricky_strings() -> Vec<String> {
    let apt = AppointmentUid::new(&ShopUid::new(&[1; 16]), &[6; 16]);
    let mut v: Vec<String> = [
        "+262142-12-31",
        "+262142-12-01",
        "-262143-01-01",
        "0000-01-01",
        "9999-12-31",
        "9999-12-31T23:59:59Z",
        "+262142-12-31T23:59:59Z",
        "-262143-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "2100-12-31T23:59:59Z",
        "2101-01-01T00:00:00Z",
        "2000-01-01T00:00:00Z",
        "1999-12-31T23:59:59Z",
        "2026-12-01",
        "2026-12-01T09:00:00Z",
        "2026-12-01T09:00:00+14:00",
        "2026-06-30T23:59:60Z",
        "2020-03-31 10:12 AM",
        "+262142-12-31 10:12 AM",
        "1900-01-01",
        "1899-12-31",
        "23:59",
        "24:00",
        "00:00",
        "monday",
        "sunday",
        "held",
        "confirmed",
        "no_show",
        "free",
        "online",
        "at_clinic",
        "same_doctor",
        "any_doctor",
        "patient",
        "doctor",
        "admin",
        "phone",
        "email",
        "male",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "1e308",
        "-1",
        "0",
        "18446744073709551616",
        "",
        " ",
        "\u{0}",
        "\u{202e}",
        "ü",
        "𝕏",
        "Europe/Berlin",
        "Mars/Olympus",
        "US",
        "XX",
        "+1 (111) 111-1111",
        "111-111-1111",
        "+999 1234",
        "0049301234567",
        "+",
        "00",
        "a@b",
        "@",
        "waiting_room:read",
        "admin",
        "fdk_",
        "whsec_",
        "whsec_AAAA",
        "https://hooks.example.com/x",
        "https://127.1/",
        "https://2130706433/",
        "https://[::ffff:127.0.0.1]/",
        "http://localhost./",
        "https://user:pass@host.example.com/",
        "https://[64:ff9b::7f00:1]/",
        "https://0x7f.1/",
        "https://0177.0.0.1/",
        "Wed, 21 Oct 2026 07:28:00 GMT",
        "Wed, 21 Oct 9999 07:28:00 GMT",
        "1,1,2",
        "9223372036854775807",
        "-9223372036854775808",
        "1,9223372036854775807",
        "held,held,held",
        "held, lost",
        ",,,,",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(format!("NaN.{apt}"));
    v.push(format!("inf.{apt}"));
    v.push(format!("1796115600000.{apt}"));
    v.push(vec!["held"; 500].join(","));
    v.push("x".repeat(5000));
    v.push("9".repeat(400));
    v.extend(uids());
    v
}

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(tricky_strings()),
        2 => ".{0,40}",
        1 => "[0-9+\\-:TZ. ]{0,30}",
        1 => "[a-z_:.0-9-]{0,60}",
    ]
}

fn any_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter_map("JSON numbers are finite", serde_json::Number::from_f64)
            .prop_map(Value::Number),
        prop::sample::select(vec![
            0i64,
            1,
            -1,
            5,
            30,
            480,
            600,
            86_400,
            i64::MAX,
            i64::MIN
        ])
        .prop_map(Value::from),
    ]
}

/// Arbitrary JSON, with object keys drawn mostly from the real field names.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any_number(),
        any_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            // Long lists of one value: the shape of the "500 identifiers" bug.
            (inner.clone(), 0usize..40).prop_map(|(v, n)| Value::Array(vec![v; n])),
            prop::collection::vec(
                (
                    prop_oneof![
                        4 => prop::sample::select(FIELDS).prop_map(str::to_owned),
                        1 => ".{0,12}",
                    ],
                    inner,
                ),
                0..10,
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// `base` with some fields replaced by arbitrary values, to get past the
/// first checks and into the deeper ones.
fn mutated(base: Value) -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(FIELDS), any_json()), 0..4).prop_map(
        move |changes| {
            let mut v = base.clone();
            for (field, value) in changes {
                if let Some(map) = v.as_object_mut() {
                    map.insert(field.to_owned(), value);
                }
            }
            v
        },
    )
}

fn patient_seed() -> Value {
    json!({
        "mrn": "MRN-123",
        "name": [{ "use": "usual", "family": "Mike Shinoda", "firstName": "Mike", "lastName": "Shinoda" }],
        "birthDate": "1983-08-15",
        "gender": "male",
        "telecom": [
            { "use": "home", "system": "phone", "value": "+1 (111) 111-1111" },
            { "use": "home", "system": "email", "value": "mike@company.com" }
        ],
        "contact": [{ "telecom": [{ "system": "phone", "value": "111-111-1111" }], "name": [{ "family": "A" }] }],
        "address": [{ "city": "New York", "line": ["123 Main St"] }],
        "deceased": true,
        "deceasedAt": "2020-03-31 10:12 AM",
        "identifiers": [{ "system": "SPID", "value": "12345" }]
    })
}

fn calendar_seed() -> Value {
    let u = uids();
    json!({
        "shop_uid": u[0], "doctor_uid": u[1], "appointment_type_uid": u[2],
        "patient_profile_uid": "pp-1", "start": "2026-12-01T09:00:00Z", "payment_mode": "free",
        "name": "Consult", "duration_minutes": 30,
        "reminders": [{ "recipient": "patient", "minutes_before": 60, "send_email": true }],
        "payment_modes": ["free", "online"],
        "weekly": [{ "weekday": "monday", "start": "09:00", "end": "12:00" }],
        "overrides": [{ "date": "2026-12-25", "windows": [{ "start": "10:00", "end": "11:00" }] }],
        "scopes": ["admin"], "address": "1 Main St", "time_zone": "Europe/Berlin",
        "online": true, "reason": "ill",
        "url": "https://hooks.example.com/x", "event_types": ["APPOINTMENT_HELD"],
        "headers": { "X-Partner": "acme" }
    })
}

fn any_body() -> impl Strategy<Value = Value> {
    prop_oneof![
        any_json(),
        mutated(calendar_seed()),
        mutated(patient_seed())
    ]
}

fn any_query() -> impl Strategy<Value = Query> {
    let base: Vec<(String, String)> = {
        let u = uids();
        vec![
            ("shop_uid".into(), u[0].clone()),
            ("appointment_type_uid".into(), u[2].clone()),
            ("start_date".into(), "2026-12-01".into()),
            ("end_date".into(), "2026-12-31".into()),
        ]
    };
    (
        any::<bool>(),
        prop::collection::vec(
            (
                prop_oneof![
                    4 => prop::sample::select(FIELDS).prop_map(str::to_owned),
                    1 => ".{0,8}",
                ],
                any_string(),
            ),
            0..8,
        ),
    )
        .prop_map(move |(with_base, pairs)| {
            // Parameters given first win, so the arbitrary ones go first.
            let mut all = pairs;
            if with_base {
                all.extend(base.clone());
            }
            Query::new(all)
        })
}

fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        Just(DateTime::<Utc>::MIN_UTC),
        Just(DateTime::<Utc>::MAX_UTC),
        any::<i64>().prop_map(|s| {
            DateTime::from_timestamp(s % 8_000_000_000_000, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
        }),
        (1_700_000_000i64..1_900_000_000)
            .prop_map(|s| { DateTime::from_timestamp(s, 0).unwrap_or(DateTime::<Utc>::MIN_UTC) }),
    ]
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        any::<i32>()
            .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(NaiveDate::MAX)),
        any_instant().prop_map(|t| t.date_naive()),
    ]
}

fn any_duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        Just(Duration::MAX),
        Just(Duration::MIN),
        Just(Duration::zero()),
        (-100_000i64..100_000).prop_map(Duration::seconds),
        any::<i64>().prop_map(Duration::milliseconds),
    ]
}

fn region() -> Region {
    Region::parse("US").unwrap_or_else(|_| unreachable!("US is a region"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or(NaiveDate::MIN)
}

fn body_parsers(body: &Body) {
    let _ = Register::parse(body);
    let _ = Allocate::parse(body);
    let _ = Presence::parse(body);
    let _ = CreateOrganization::parse(body);
    let _ = CreateBookingSecret::parse(body);
    let _ = CreatePartner::parse(body);
    let _ = CreateShop::parse(body);
    let _ = CreateDoctor::parse(body);
    let _ = CreateApiKey::parse(body);
    let _ = CreateAppointmentType::parse(body);
    let _ = Book::parse(body);
    let _ = Book::parse_for_patient(
        body,
        PatientProfileUid::parse("pp-1").unwrap_or_else(|_| unreachable!()),
    );
    let _ = parse_cancel_reason(body);
    let _ = parse_patient_cancel_reason(body);
    let _ = Rebook::parse(body);
    let _ = Body::from_value("appointment", body.raw("appointment"));
    let _ = frontdesk_core::compat::dr::appointment_uid(body);
    let _ = WebhookSettings::parse(body, false);
    let _ = WebhookSettings::parse(body, true);
    if let Ok(a) = parse_availability(body) {
        // Whatever availability parses, slots come out of it without panic.
        for (from, to) in [
            (SCHEDULE.earliest, SCHEDULE.earliest),
            (SCHEDULE.latest, SCHEDULE.latest),
            (NaiveDate::MAX, NaiveDate::MAX),
            (NaiveDate::MIN, NaiveDate::MAX),
        ] {
            let slots = offered(
                &a,
                frontdesk_core::zone::Zone::parse("Pacific/Kiritimati").unwrap(),
                from,
                to,
                Duration::minutes(30),
            );
            let _ = free(slots, &[], DateTime::<Utc>::MIN_UTC);
        }
    }
}

fn string_parsers(s: &str, now: DateTime<Utc>) {
    let _ = frontdesk_core::compat::check_in::verify(s, b"secret", now);
    let _ = frontdesk_core::compat::solo::name_parts(s);
    for method in [Method::Get, Method::Post, Method::Put] {
        let _ = frontdesk_core::compat::routes::match_compat(method, s);
    }
    let _ = wire::parse_date("date", s);
    let _ = wire::parse_instant("start", s);
    let _ = SCHEDULE.date(s);
    let _ = LIFETIME.instant(s);
    let _ = LIFETIME.local(s, &["%Y-%m-%d %I:%M %p", "%Y-%m-%d %H:%M"]);
    let _ = Cursor::parse(s).map(|c| (c.rowid(), c.overview(), c.uid().len()));
    let _ = OverviewCursor::parse(s).map(|c| c.start());
    let _ = Body::parse(s.as_bytes());
    let _ = normalize(s, region());
    let _ = Region::parse(s);
    let _ = ShopUid::parse(s);
    let _ = DoctorUid::parse(s);
    let _ = OrgUid::parse(s);
    let _ = AppointmentTypeUid::parse(s);
    let _ = VideoRoomId::parse(s);
    let _ = QueueUid::parse(s).map(|q| q.shop());
    let _ = AppointmentUid::parse(s).map(|a| a.shop());
    let _ = PatientProfileUid::parse(s);
    let _ = uid_for_retry(s, s);
    let _ = parse_schedule(s);
    let _ = parse_retry_after(s, now);
    let _ = check_endpoint(s, false);
    let _ = check_endpoint(s, true);
    let _ = Endpoint::parse(s, false).map(|e| e.as_str().len());
    let _ = sign(s, "msg", now.timestamp(), b"{}");
    let _ = watch::verify(s, b"secret", now);
    let _ = PresentedKey::parse(s).map(|k| k.matches(s));
    let _ = operator_token_matches(s, "configured");
    let _ = decode_scopes(s);
    let _ = Scope::parse(s);
    let _ = MasterKey::from_hex(s);
    if let Ok(key) = MasterKey::from_hex(&"ab".repeat(32)) {
        let _ = open(&key, s, b"aad");
    }
    let _ = hhmm::parse(s);
    let _ = weekday::parse(s);
    let _ = AppointmentStatus::parse(s);
    let _ = PaymentMode::parse(s);
    let _ = RebookingMode::parse(s);
    let _ = RecipientGroup::parse(s);
    let _ = QueueStatus::parse(s);
    let _ = Method::parse(s);
    for method in [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ] {
        let _ = match_route(method, s);
    }
    let _ = Profile::parse(Some(s), Some(s), Some(s), region());
    let _ = Profile::parse(Some(s), None, None, region()).map(|p| p.map(|p| p.record()));
}

/// A token whose signature is valid, over an arbitrary payload: the
/// payload's parsing is reached, not just the signature check.
fn signed_watch_token(payload: &Value) -> String {
    let body = BASE64URL_NOPAD.encode(payload.to_string().as_bytes());
    let mut mac = match Hmac::<Sha256>::new_from_slice(b"secret") {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes any key length"),
    };
    mac.update(body.as_bytes());
    format!(
        "{body}.{}",
        BASE64URL_NOPAD.encode(&mac.finalize().into_bytes())
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn body_parsers_never_panic(v in any_body()) {
        if let Ok(body) = Body::parse(v.to_string().as_bytes()) {
            body_parsers(&body);
        }
        let _ = Body::from_value("appointment", Some(&v));
    }

    #[test]
    fn patient_parsers_never_panic(v in any_body(), patch in any_json()) {
        let _ = Demographics::parse(v.clone(), region(), today());
        let mut merged = patient_seed();
        merge_patch(&mut merged, &patch);
        let _ = Demographics::parse(merged, region(), today());
        let mut target = v;
        merge_patch(&mut target, &patch);
        // Stored records are read back with serde.
        let _ = serde_json::from_value::<Demographics>(target);
    }

    #[test]
    fn vendor_parsers_never_panic(v in any_body(), stored in any_json(), now in any_instant()) {
        use frontdesk_core::compat::{check_in, dr, solo};
        use frontdesk_core::patient::{update_dialect, Dialect};
        if let Ok(p) = solo::patient_in(v.clone(), stored.as_object()) {
            let _ = Demographics::parse_with(p.record, region(), today(), Dialect::Solo);
        }
        let _ = solo::appointment_in(v.clone());
        let _ = solo::appointment_update(v.clone());
        if let Some(map) = v.as_object() {
            let _ = solo::patient_out(map, solo::GroupForm::Flat);
            let _ = solo::identifier(map, solo::EXTERNAL_ID);
            let _ = dr::booking(map.clone());
        }
        let _ = update_dialect(&v, &stored, region());
        {
            use frontdesk_core::compat::{nursing, perfect_answer};
            if let Ok(p) = perfect_answer::perfect_answer_in(v.clone()) {
                let _ = p.demographics();
                let _ = perfect_answer::tag_of(&p.mrn);
            }
            let _ = perfect_answer::location_in(v.clone());
            let _ = nursing::care_location_in(v.clone());
            if let Some(map) = v.as_object() {
                if let Some(nursing::Selector::Place(place)) = nursing::selector(map) {
                    let _ = (place.key(), place.room_key());
                }
                let _ = nursing::patient_out("p", map, now.date_naive());
            }
            if let Some(text) = stored.as_str() {
                let _ = perfect_answer::templates_from_text(text);
            }
        }
        if let Some(s) = v.as_str() {
            let _ = frontdesk_core::compat::perfect_answer::uuid(s);
            let _ = frontdesk_core::compat::perfect_answer::tag_of(s);
            let _ = solo::name_parts(s);
            let _ = check_in::verify(s, b"secret", now);
        }
    }

    #[test]
    fn query_parsers_never_panic(q in any_query()) {
        if let Ok(search) = SlotSearch::parse(&q) {
            // As the worker uses it: every day open, in a far-east zone.
            let week = weekday::NAMES.map(|d| json!({ "weekday": d, "start": "00:00", "end": "23:59" }));
            let a: Availability = serde_json::from_value(json!({ "weekly": week, "overrides": [] }))
                .unwrap_or_default();
            let slots = offered(&a, frontdesk_core::zone::Zone::parse("Pacific/Kiritimati").unwrap(), search.start_date, search.end_date, Duration::minutes(5));
            prop_assert!(slots.len() <= 31 * 24 * 12);
        }
        let _ = Overview::parse(&q);
        let _ = PageQuery::parse(&q);
        let _ = q.limit(50, 200);
        let _ = q.cursor();
    }

    #[test]
    fn string_parsers_never_panic(s in any_string(), now in any_instant()) {
        string_parsers(&s, now);
    }

    #[test]
    fn signed_tokens_and_sealed_values_with_arbitrary_content_never_panic(
        payload in any_json(), now in any_instant(), plaintext in any_string()
    ) {
        let _ = watch::verify(&signed_watch_token(&payload), b"secret", now);
        if let Ok(key) = MasterKey::from_hex(&"ab".repeat(32)) {
            let sealed = seal(&key, &[7; 12], plaintext.as_bytes(), b"aad");
            prop_assert_eq!(open(&key, &sealed, b"aad").ok(), Some(plaintext.into_bytes()));
        }
    }

    #[test]
    fn stored_calendar_values_never_panic(
        availability in any_json(), rules in any_json(), from in any_date(), to in any_date(),
        duration in any_duration(), start in any_instant(), now in any_instant(),
        minutes in prop::collection::vec(any::<i64>(), 0..4),
    ) {
        // Availability and rules come back from storage through serde.
        let a = serde_json::from_value::<Availability>(availability).unwrap_or_default();
        let tz = frontdesk_core::zone::Zone::parse("America/New_York").unwrap();
        let slots = offered(&a, tz, from, to, duration);
        prop_assert!(slots.len() <= 31 * 24 * 60);
        let _ = free(slots, &[], now);
        let _ = is_offered(&a, tz, start, duration);
        if let Ok(r) = serde_json::from_value::<TypeRules>(rules) {
            let _ = (r.duration(), r.hold_ttl(), r.booking_notice(), r.cancel_notice());
            let _ = now.checked_add_signed(r.booking_notice());
            let l = Lifecycle { status: AppointmentStatus::Confirmed, start, hold_expires_at: Some(now), checked_in: false };
            let _ = l.cancel_as_patient(now, r.cancel_notice());
            let _ = l.rebook(now, &r.rebook_policy(), false);
        }
        let rules: Vec<ReminderRule> = minutes
            .iter()
            .map(|m| ReminderRule { recipient: RecipientGroup::Patient, minutes_before: *m, send_email: true, send_sms: false })
            .collect();
        let appointment = Reminded { status: AppointmentStatus::Confirmed, start, patient: "pp-1", doctor: Some("doc") };
        let _ = due(&appointment, &rules, &[], now);
        let _ = next_due(&appointment, &rules, &[], now);
    }

    #[test]
    fn retries_and_estimates_never_panic(
        attempt in any::<usize>(), status in any::<Option<u16>>(), retry_after in any::<Option<i64>>(),
        now in any_instant(), jitter in any::<f64>(), schedule in prop::collection::vec(any::<i64>(), 0..10),
        position in any::<u32>(), doctors in any::<usize>(), recent in prop::collection::vec(any_duration(), 0..12),
        default in any_duration(),
    ) {
        let _ = after_attempt(attempt, status, retry_after, now, jitter, &schedule);
        let average = average_consultation(&recent, default);
        let _ = estimated_wait_minutes(position, doctors, average);
        let _ = estimated_wait_minutes(position, doctors, default);
    }
}

/// The slot search of the hardening issue, end to end through the parser.
#[test]
fn the_reported_slot_search_is_refused_naming_the_field() {
    let u = uids();
    for (start, end, field) in [
        ("+262142-12-01", "+262142-12-31", "start_date"),
        ("-262143-01-01", "-262143-01-31", "start_date"),
        ("0000-01-01", "0000-01-31", "start_date"),
        ("9999-12-01", "9999-12-31", "start_date"),
    ] {
        let q = Query::new(vec![
            ("shop_uid".into(), u[0].clone()),
            ("appointment_type_uid".into(), u[2].clone()),
            ("start_date".into(), start.into()),
            ("end_date".into(), end.into()),
        ]);
        let e = SlotSearch::parse(&q).err();
        assert_eq!(e.as_ref().and_then(|e| e.field()), Some(field), "{start}");
        assert!(
            e.is_some_and(
                |e| e.to_string().contains("YYYY-MM-DD") || e.to_string().contains("between")
            ),
            "{start}"
        );
    }
}
