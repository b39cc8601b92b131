//! Seed 003's bodies. The seed lists paths and a workflow but no bodies
//! and no authentication, so they are defined in its spirit: the key in
//! `X-API-Key`, Frontdesk's own `/v1` field names, and ids in the body
//! where the seed's paths carry none (check-in, cancel, reschedule).
//! README, "Seed 003's `/dr/v1`", is the reference.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::ids::{AppointmentUid, OrgUid};
use crate::wire::{Body, WireError};

/// The seed: "We only support date range of D to D+1".
pub const MAX_RANGE_DAYS: i64 = 1;

/// A slot search covers D to D+1 at most.
pub fn check_range(start: NaiveDate, end: NaiveDate) -> Result<(), WireError> {
    if (end - start).num_days() > MAX_RANGE_DAYS {
        return Err(WireError::invalid(
            "end_date",
            "may be at most one day after start_date (seed 003 searches D to D+1)",
        ));
    }
    Ok(())
}

/// A booking body as Frontdesk's `/v1` takes it: the doctor is required
/// (the seed books a doctor's slot) and the booking is confirmed unless
/// it says `"status": "held"`. A `patient` object instead of
/// `patient_profile_uid` adds the patient to the directory in the same
/// request (the seed allows booking "without adding the patient to the
/// directory first"); it is returned apart.
pub fn booking(body: Map<String, Value>) -> Result<(Map<String, Value>, Option<Value>), WireError> {
    let mut body = body;
    if matches!(body.get("doctor_uid"), None | Some(Value::Null)) {
        return Err(WireError::Missing {
            field: "doctor_uid",
        });
    }
    if !body.contains_key("status") {
        body.insert("status".into(), Value::String("confirmed".into()));
    }
    let patient = match body.remove("patient") {
        None | Some(Value::Null) => None,
        Some(p @ Value::Object(_)) => {
            if body.contains_key("patient_profile_uid") {
                return Err(WireError::invalid(
                    "patient",
                    "give either patient or patient_profile_uid, not both",
                ));
            }
            Some(p)
        }
        Some(_) => return Err(WireError::invalid("patient", "must be an object")),
    };
    Ok((body, patient))
}

/// The appointment a check-in, cancel or reschedule body names.
pub fn appointment_uid(body: &Body) -> Result<AppointmentUid, WireError> {
    match body.raw("appointment_uid") {
        None | Some(Value::Null) => Err(WireError::Missing {
            field: "appointment_uid",
        }),
        Some(Value::String(s)) => AppointmentUid::parse(s)
            .map_err(|e| WireError::invalid("appointment_uid", format!("is {e}"))),
        Some(_) => Err(WireError::invalid("appointment_uid", "must be a string")),
    }
}

/// The seed's `business_id`, where a request gives it, must be the key's
/// organisation; another business's appointment is not found.
pub fn same_business(given: Option<&str>, org: &OrgUid) -> bool {
    given.is_none_or(|b| b == org.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn ranges_cover_one_day_at_most() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert!(check_range(d, d).is_ok());
        assert!(check_range(d, d.succ_opt().unwrap()).is_ok());
        let far = d + chrono::Days::new(2);
        assert_eq!(check_range(d, far).unwrap_err().field(), Some("end_date"));
    }

    #[test]
    fn bookings_need_a_doctor_confirm_by_default_and_may_carry_a_patient() {
        let (b, p) = booking(obj(json!({"doctor_uid": "d", "patient": {"name": [{}]}}))).unwrap();
        assert_eq!(b["status"], "confirmed");
        assert_eq!(p, Some(json!({"name": [{}]})));
        let (b, _) = booking(obj(json!({"doctor_uid": "d", "status": "held"}))).unwrap();
        assert_eq!(b["status"], "held");
        assert_eq!(
            booking(obj(json!({}))).unwrap_err().field(),
            Some("doctor_uid")
        );
        let both = json!({"doctor_uid": "d", "patient": {}, "patient_profile_uid": "p"});
        assert_eq!(booking(obj(both)).unwrap_err().field(), Some("patient"));
        assert_eq!(
            booking(obj(json!({"doctor_uid": "d", "patient": 1})))
                .unwrap_err()
                .field(),
            Some("patient")
        );
    }

    #[test]
    fn appointment_ids_come_from_the_body() {
        for body in [
            json!({}),
            json!({"appointment_uid": 3}),
            json!({"appointment_uid": "nope"}),
        ] {
            let body = Body::parse(body.to_string().as_bytes()).unwrap();
            assert_eq!(
                appointment_uid(&body).unwrap_err().field(),
                Some("appointment_uid")
            );
        }
    }
}
