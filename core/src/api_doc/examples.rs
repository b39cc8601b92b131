//! Examples that more than one operation shows, written once: each is the
//! JSON of an OpenAPI `examples` object, keyed by example name.

pub(super) const BAD_LIMIT: &str = r#"{
  "bad_limit": {
    "summary": "Bad limit",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`limit` must be 1 to 200",
        "field": "limit"
      }
    }
  }
}"#;

pub(super) const CROSS_SITE: &str = r#"{
  "cross_site": {
    "summary": "A request from another site",
    "value": {
      "error": {
        "code": "cross_site_request",
        "message": "a request with a session must come from Frontdesk's own pages"
      }
    }
  }
}"#;

pub(super) const DOCTOR_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "No such doctor",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor not found"
      }
    }
  }
}"#;

pub(super) const WAITING_ROOM_UNKNOWN_SHOP: &str = r#"{
  "shop": {
    "summary": "Unknown shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  },
  "doctor": {
    "summary": "Doctor not in this shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor in this shop not found",
        "field": "doctor_uid"
      }
    }
  }
}"#;

pub(super) const REGISTRATION_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "No such registration",
    "value": {
      "error": {
        "code": "not_found",
        "message": "registration not found"
      }
    }
  }
}"#;

pub(super) const MEETING_ROOMS: &str = r#"{
  "meeting_rooms": "per_visit"
}"#;

pub(super) const SLOTS: &str = r#"{
  "slots": {
    "summary": "Two doctors",
    "value": {
      "time_zone": "Europe/Berlin",
      "slots": [
        {
          "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "start": "2026-12-07T08:00:00.000Z",
          "end": "2026-12-07T08:30:00.000Z"
        },
        {
          "doctor_uid": "doc_5h0k3n6q9t2v4b7e0g3j6m9p1s",
          "start": "2026-12-07T08:00:00.000Z",
          "end": "2026-12-07T08:30:00.000Z"
        },
        {
          "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
          "start": "2026-12-07T08:30:00.000Z",
          "end": "2026-12-07T09:00:00.000Z"
        }
      ]
    }
  }
}"#;

pub(super) const SLOTS_START_MISSING: &str = r#"{
  "start_missing": {
    "summary": "`start_date` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`start_date` is required",
        "field": "start_date"
      }
    }
  },
  "bad_date": {
    "summary": "A date not as YYYY-MM-DD",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`end_date` must be a date as YYYY-MM-DD",
        "field": "end_date"
      }
    }
  },
  "reversed": {
    "summary": "End before start",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`end_date` must not be before start_date",
        "field": "end_date"
      }
    }
  },
  "too_long": {
    "summary": "More than 31 days",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`end_date` the range may cover at most 31 days",
        "field": "end_date"
      }
    }
  },
  "shop_missing": {
    "summary": "`shop_uid` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`shop_uid` is required",
        "field": "shop_uid"
      }
    }
  },
  "bad_type": {
    "summary": "Malformed type uid",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`appointment_type_uid` is not a valid appointment type uid",
        "field": "appointment_type_uid"
      }
    }
  }
}"#;

pub(super) const BOOK_MALFORMED_JSON: &str = r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "start_missing": {
    "summary": "`start` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`start` is required",
        "field": "start"
      }
    }
  },
  "bad_start": {
    "summary": "`start` is not RFC 3339",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`start` must be an RFC 3339 time such as 2026-12-01T09:00:00Z",
        "field": "start"
      }
    }
  },
  "bad_payment_mode": {
    "summary": "Unknown payment mode",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`payment_mode` must be one of online, at_clinic, insurance, free",
        "field": "payment_mode"
      }
    }
  },
  "payment_mode_not_accepted": {
    "summary": "Payment mode not accepted by the type",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "this appointment type accepts online, insurance",
        "field": "payment_mode"
      }
    }
  },
  "bad_status": {
    "summary": "Unknown status",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`status` must be held or confirmed",
        "field": "status"
      }
    }
  },
  "bad_idempotency_key": {
    "summary": "Bad Idempotency-Key",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "the Idempotency-Key header must be 1 to 255 visible ASCII characters",
        "field": "Idempotency-Key"
      }
    }
  }
}"#;

pub(super) const BOOK_UNKNOWN_SHOP: &str = r#"{
  "shop": {
    "summary": "Unknown shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "shop not found",
        "field": "shop_uid"
      }
    }
  },
  "doctor": {
    "summary": "Doctor not in this shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor in this shop not found",
        "field": "doctor_uid"
      }
    }
  },
  "type": {
    "summary": "Unknown appointment type",
    "value": {
      "error": {
        "code": "not_found",
        "message": "appointment type not found",
        "field": "appointment_type_uid"
      }
    }
  }
}"#;

pub(super) const SLOT_UNAVAILABLE: &str = r#"{
  "slot_unavailable": {
    "summary": "Not an offered slot",
    "value": {
      "error": {
        "code": "slot_unavailable",
        "message": "that start time is not one of the doctor's offered slots for this appointment type"
      }
    }
  },
  "notice_too_short": {
    "summary": "Too soon",
    "value": {
      "error": {
        "code": "notice_too_short",
        "message": "this appointment type must be booked at least 60 minutes ahead"
      }
    }
  },
  "slot_taken": {
    "summary": "Already held or booked",
    "value": {
      "error": {
        "code": "slot_taken",
        "message": "that time is no longer free"
      }
    }
  },
  "reused": {
    "summary": "Idempotency-Key reused",
    "value": {
      "error": {
        "code": "idempotency_key_reused",
        "message": "this Idempotency-Key was used with a different request"
      }
    }
  }
}"#;

pub(super) const OVERVIEW_BAD_STATUS: &str = r#"{
  "bad_status": {
    "summary": "Unknown status",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`status` must list statuses from held, confirmed, cancelled, expired, completed, no_show",
        "field": "status"
      }
    }
  },
  "bad_from": {
    "summary": "`from` is not RFC 3339",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`from` must be an RFC 3339 time such as 2026-12-01T09:00:00Z",
        "field": "from"
      }
    }
  },
  "empty_range": {
    "summary": "`to` not after `from`",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`to` must be after from",
        "field": "to"
      }
    }
  },
  "bad_doctor": {
    "summary": "Malformed doctor uid",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`doctor_uid` is not a valid doctor uid",
        "field": "doctor_uid"
      }
    }
  },
  "bad_limit": {
    "summary": "Bad limit",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`limit` must be 1 to 200",
        "field": "limit"
      }
    }
  },
  "bad_cursor": {
    "summary": "Unknown cursor",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`cursor` is not one this API returned",
        "field": "cursor"
      }
    }
  }
}"#;

pub(super) const APPOINTMENT_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "No such appointment",
    "value": {
      "error": {
        "code": "not_found",
        "message": "appointment not found"
      }
    }
  }
}"#;

pub(super) const REBOOK_SAME_DOCTOR: &str = r#"{
  "same_doctor": {
    "summary": "Another time, same doctor",
    "value": {
      "start": "2026-12-09T08:30:00Z"
    }
  },
  "other_doctor": {
    "summary": "Another doctor of the shop (type `any_doctor`)",
    "value": {
      "start": "2026-12-09T08:30:00Z",
      "doctor_uid": "doc_5h0k3n6q9t2v4b7e0g3j6m9p1s"
    }
  }
}"#;

pub(super) const REBOOK_MALFORMED_JSON: &str = r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "start_missing": {
    "summary": "`start` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`start` is required",
        "field": "start"
      }
    }
  },
  "bad_start": {
    "summary": "`start` is not RFC 3339",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`start` must be an RFC 3339 time such as 2026-12-01T09:00:00Z",
        "field": "start"
      }
    }
  },
  "bad_doctor": {
    "summary": "Malformed doctor uid",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`doctor_uid` is not a valid doctor uid",
        "field": "doctor_uid"
      }
    }
  }
}"#;

pub(super) const REBOOK_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "No such appointment",
    "value": {
      "error": {
        "code": "not_found",
        "message": "appointment not found"
      }
    }
  },
  "doctor": {
    "summary": "Doctor not in the appointment's shop",
    "value": {
      "error": {
        "code": "not_found",
        "message": "doctor in this appointment's shop not found",
        "field": "doctor_uid"
      }
    }
  }
}"#;

pub(super) const REBOOK_INVALID_TRANSITION: &str = r#"{
  "invalid_transition": {
    "summary": "Not active",
    "value": {
      "error": {
        "code": "invalid_transition",
        "message": "cannot rebook a cancelled appointment"
      }
    }
  },
  "rebooking_mode": {
    "summary": "Same doctor only",
    "value": {
      "error": {
        "code": "rebooking_mode",
        "message": "this appointment type rebooks with the same doctor only"
      }
    }
  },
  "too_late": {
    "summary": "Too close to the appointment",
    "value": {
      "error": {
        "code": "notice_too_short",
        "message": "this needs at least 120 minutes' notice before the appointment starts"
      }
    }
  },
  "slot_unavailable": {
    "summary": "Not an offered slot",
    "value": {
      "error": {
        "code": "slot_unavailable",
        "message": "that start time is not one of the doctor's offered slots for this appointment type"
      }
    }
  },
  "slot_taken": {
    "summary": "New slot taken",
    "value": {
      "error": {
        "code": "slot_taken",
        "message": "that time is no longer free"
      }
    }
  }
}"#;

pub(super) const BOOKING_SECRET_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "No such booking secret",
    "value": {
      "error": {
        "code": "not_found",
        "message": "booking secret not found"
      }
    }
  }
}"#;

pub(super) const PATIENT_APPOINTMENT_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "Not found (or not this patient's)",
    "value": {
      "error": {
        "code": "not_found",
        "message": "appointment not found"
      }
    }
  }
}"#;

pub(super) const PATIENT_RECORD_ERRORS: &str = r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "no_name": {
    "summary": "No name",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`name` needs at least one name",
        "field": "name"
      }
    }
  },
  "unknown_field": {
    "summary": "Unknown field (here Solo's deprecated `accountNumber`)",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`accountNumber` unknown field `accountNumber`, expected one of `mrn`, `name`, `birthDate`, `gender`, `maritalStatus`, `telecom`, `contact`, `preferredLanguage`, `race`, `ethnicity`, `address`, `active`, `deceased`, `deceasedAt`, `isLinkedByEmail`, `sharedEmailGroup`, `identifiers`",
        "field": "accountNumber"
      }
    }
  },
  "bad_phone": {
    "summary": "Not a phone number",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`telecom[0].value` is not a phone number",
        "field": "telecom[0].value"
      }
    }
  },
  "bad_contact_phone": {
    "summary": "A contact's phone is not a number (Solo's placeholder `phone`)",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`contact[0].telecom[0].value` is not a phone number",
        "field": "contact[0].telecom[0].value"
      }
    }
  },
  "invalid_phone": {
    "summary": "Not a valid number for its country",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`telecom[0].value` is not a valid phone number for its country",
        "field": "telecom[0].value"
      }
    }
  },
  "bad_email": {
    "summary": "Not an email address",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`telecom[1].value` is not an email address",
        "field": "telecom[1].value"
      }
    }
  },
  "bad_system": {
    "summary": "Unknown telecom system",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`telecom[1].system` unknown variant `fax`, expected `phone` or `email`",
        "field": "telecom[1].system"
      }
    }
  },
  "bad_gender": {
    "summary": "Unknown gender",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`gender` unknown variant `m`, expected one of `male`, `female`, `other`, `unknown`",
        "field": "gender"
      }
    }
  },
  "future_birth": {
    "summary": "Born in the future",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`birthDate` must not be in the future",
        "field": "birthDate"
      }
    }
  },
  "deceased_at_missing": {
    "summary": "`deceased` without `deceasedAt`",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`deceasedAt` is required when deceased is true",
        "field": "deceasedAt"
      }
    }
  },
  "deceased_at_unexpected": {
    "summary": "`deceasedAt` while not deceased",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`deceasedAt` must not be given unless deceased is true",
        "field": "deceasedAt"
      }
    }
  },
  "deceased_at_format": {
    "summary": "`deceasedAt` not a time",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`deceasedAt` must be a time such as 2020-03-31 10:12 AM or RFC 3339",
        "field": "deceasedAt"
      }
    }
  },
  "group_missing": {
    "summary": "Linked by email without a group",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`sharedEmailGroup` is required when isLinkedByEmail is true",
        "field": "sharedEmailGroup"
      }
    }
  },
  "bad_identifier": {
    "summary": "Identifier system with a space",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`identifiers[0].system` must be 1 to 32 letters, digits, - or _",
        "field": "identifiers[0].system"
      }
    }
  },
  "duplicate_identifier": {
    "summary": "Two identifiers of one system",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`identifiers[1].system` appears twice",
        "field": "identifiers[1].system"
      }
    }
  },
  "too_long": {
    "summary": "Text over 200 characters",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`race` must be at most 200 characters",
        "field": "race"
      }
    }
  }
}"#;

pub(super) const PATIENT_CONFLICTS: &str = r#"{
  "mrn_taken": {
    "summary": "MRN used by another patient",
    "value": {
      "error": {
        "code": "mrn_taken",
        "message": "another patient has this MRN"
      }
    }
  },
  "identifier_taken": {
    "summary": "Identifier used by another patient",
    "value": {
      "error": {
        "code": "identifier_taken",
        "message": "another patient has this SPID identifier"
      }
    }
  },
  "patient_conflict": {
    "summary": "Lost a race for the MRN or an identifier",
    "value": {
      "error": {
        "code": "patient_conflict",
        "message": "another patient has this MRN or identifier"
      }
    }
  }
}"#;

pub(super) const PATIENT_SEARCH_FAMILY: &str = r#"{
  "family": {
    "summary": "A number a family shares",
    "value": {
      "data": [
        {
          "mrn": null,
          "name": [
            {
              "use": "usual",
              "family": null,
              "firstName": "Kai",
              "middleName": null,
              "lastName": "Shinoda",
              "alias": null
            }
          ],
          "birthDate": "2014-02-03",
          "gender": "male",
          "maritalStatus": null,
          "telecom": [
            {
              "use": "mobile",
              "system": "phone",
              "value": "+11111111111"
            }
          ],
          "contact": [],
          "preferredLanguage": null,
          "race": null,
          "ethnicity": null,
          "address": [],
          "active": true,
          "deceased": false,
          "deceasedAt": null,
          "isLinkedByEmail": true,
          "sharedEmailGroup": {
            "type": "family",
            "name": "Shinoda family"
          },
          "identifiers": [],
          "patient_uid": "pp_3c5e7g9i1k3m5o7q9s1u3a5c7e",
          "created_at": "2026-11-02T09:05:00.000Z",
          "updated_at": "2026-11-02T09:05:00.000Z"
        },
        {
          "mrn": "MRN-123",
          "name": [
            {
              "use": "usual",
              "family": "Mike Shinoda",
              "firstName": "Mike",
              "middleName": "",
              "lastName": "Shinoda",
              "alias": ""
            }
          ],
          "birthDate": "1983-08-15",
          "gender": "male",
          "maritalStatus": "married",
          "telecom": [
            {
              "use": "mobile",
              "system": "phone",
              "value": "+11111111111"
            },
            {
              "use": "home",
              "system": "email",
              "value": "mike_zzzzzzz@company.com"
            }
          ],
          "contact": [
            {
              "telecom": [
                {
                  "use": "home",
                  "system": "phone",
                  "value": "+12125550147"
                }
              ],
              "name": [
                {
                  "use": "usual",
                  "family": null,
                  "firstName": "Anna",
                  "middleName": null,
                  "lastName": "Shinoda",
                  "alias": null
                }
              ]
            }
          ],
          "preferredLanguage": "English",
          "race": "White",
          "ethnicity": "not Hispanic or Latino",
          "address": [
            {
              "use": "home",
              "line": [
                "123 Main St",
                ""
              ],
              "apartment": "",
              "city": "New York",
              "state": "NY",
              "postalcode": "10019",
              "country": "USA"
            }
          ],
          "active": true,
          "deceased": false,
          "deceasedAt": null,
          "isLinkedByEmail": true,
          "sharedEmailGroup": {
            "type": "family",
            "name": "Shinoda family"
          },
          "identifiers": [
            {
              "system": "SPID",
              "value": "12345"
            },
            {
              "system": "HSID",
              "value": "E-004211"
            }
          ],
          "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
          "created_at": "2026-11-02T09:00:00.000Z",
          "updated_at": "2026-11-02T09:00:00.000Z"
        }
      ]
    }
  },
  "one": {
    "summary": "By MRN",
    "value": {
      "data": [
        {
          "mrn": "MRN-123",
          "name": [
            {
              "use": "usual",
              "family": "Mike Shinoda",
              "firstName": "Mike",
              "middleName": "",
              "lastName": "Shinoda",
              "alias": ""
            }
          ],
          "birthDate": "1983-08-15",
          "gender": "male",
          "maritalStatus": "married",
          "telecom": [
            {
              "use": "mobile",
              "system": "phone",
              "value": "+11111111111"
            },
            {
              "use": "home",
              "system": "email",
              "value": "mike_zzzzzzz@company.com"
            }
          ],
          "contact": [
            {
              "telecom": [
                {
                  "use": "home",
                  "system": "phone",
                  "value": "+12125550147"
                }
              ],
              "name": [
                {
                  "use": "usual",
                  "family": null,
                  "firstName": "Anna",
                  "middleName": null,
                  "lastName": "Shinoda",
                  "alias": null
                }
              ]
            }
          ],
          "preferredLanguage": "English",
          "race": "White",
          "ethnicity": "not Hispanic or Latino",
          "address": [
            {
              "use": "home",
              "line": [
                "123 Main St",
                ""
              ],
              "apartment": "",
              "city": "New York",
              "state": "NY",
              "postalcode": "10019",
              "country": "USA"
            }
          ],
          "active": true,
          "deceased": false,
          "deceasedAt": null,
          "isLinkedByEmail": true,
          "sharedEmailGroup": {
            "type": "family",
            "name": "Shinoda family"
          },
          "identifiers": [
            {
              "system": "SPID",
              "value": "12345"
            },
            {
              "system": "HSID",
              "value": "E-004211"
            }
          ],
          "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
          "created_at": "2026-11-02T09:00:00.000Z",
          "updated_at": "2026-11-02T09:00:00.000Z"
        }
      ]
    }
  },
  "none": {
    "summary": "Nobody has this number",
    "value": {
      "data": []
    }
  }
}"#;

pub(super) const PATIENT_SEARCH_NO_CRITERION: &str = r#"{
  "no_criterion": {
    "summary": "Nothing to search by",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "search by `phone`, by `mrn`, or by `identifier_system` with `identifier_value`",
        "field": "phone"
      }
    }
  },
  "bad_phone": {
    "summary": "Not a phone number",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`phone` is not a phone number",
        "field": "phone"
      }
    }
  },
  "invalid_phone": {
    "summary": "Not a valid number for its country",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`phone` is not a valid phone number for its country",
        "field": "phone"
      }
    }
  },
  "bad_country": {
    "summary": "Unknown country",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`country`: `XX` is not an ISO 3166 country code such as US or DE",
        "field": "country"
      }
    }
  }
}"#;

pub(super) const PATIENT_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "No such patient",
    "value": {
      "error": {
        "code": "not_found",
        "message": "patient not found"
      }
    }
  }
}"#;

pub(super) const PATIENT_PATCH_NEW_NUMBER: &str = r#"{
  "new_number": {
    "summary": "Replace the phone numbers, remove the marital status",
    "value": {
      "telecom": [
        {
          "use": "mobile",
          "system": "phone",
          "value": "+1 (111) 222-3333"
        }
      ],
      "maritalStatus": null
    }
  },
  "deceased": {
    "summary": "Mark deceased and deactivate",
    "value": {
      "active": false,
      "deceased": true,
      "deceasedAt": "2020-03-31 10:12 AM"
    }
  },
  "add_identifier": {
    "summary": "Set the identifiers (the list is replaced whole)",
    "value": {
      "identifiers": [
        {
          "system": "SPID",
          "value": "12345"
        },
        {
          "system": "HSID",
          "value": "E-004211"
        }
      ]
    }
  },
  "rename_group": {
    "summary": "Rename the shared email group",
    "value": {
      "sharedEmailGroup": {
        "name": "The Shinodas"
      }
    }
  }
}"#;

pub(super) const SUBSCRIPTION_BODY_ERRORS: &str = r#"{
  "malformed_json": {
    "summary": "The body is not a JSON object",
    "value": {
      "error": {
        "code": "malformed_json",
        "message": "the body is not valid JSON (expected value at line 1 column 1)"
      }
    }
  },
  "url_missing": {
    "summary": "`url` is required",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`url` is required",
        "field": "url"
      }
    }
  },
  "url_scheme": {
    "summary": "Not https",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`url` must be an https URL (or http on a local test setup)",
        "field": "url"
      }
    }
  },
  "url_private": {
    "summary": "A private, loopback or local address",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`url` must not point at a private, loopback or link-local address",
        "field": "url"
      }
    }
  },
  "url_unparseable": {
    "summary": "No host, or longer than 2000 characters",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`url` is not a URL",
        "field": "url"
      }
    }
  },
  "event_types_empty": {
    "summary": "No event types",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`event_types` must be a non-empty array",
        "field": "event_types"
      }
    }
  },
  "event_types_unknown": {
    "summary": "An unknown event type",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`event_types` must list types from WAITING_ROOM_REGISTERED, WAITING_ROOM_ALLOCATED, WAITING_ROOM_COMPLETED, WAITING_ROOM_CANCELLED, APPOINTMENT_HELD, APPOINTMENT_CONFIRMED, APPOINTMENT_CANCELLED, APPOINTMENT_EXPIRED, APPOINTMENT_REBOOKED, APPOINTMENT_CHECKED_IN, APPOINTMENT_COMPLETED, APPOINTMENT_NO_SHOW, APPOINTMENT_REMINDER_DUE, patient:created, patient:updated, patient:deactivated, episode:created, episode:updated, appointment:scheduled, appointment:rescheduled, appointment:cancelled, appointment:completed, appointment:incompleted, appointment:no-show, appointment:lwbs",
        "field": "event_types"
      }
    }
  },
  "headers": {
    "summary": "A reserved or malformed header, or more than 20",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`headers` must map up to 20 header names to string values, and not set webhook-*, Content-Type or Host",
        "field": "headers"
      }
    }
  },
  "headers_type": {
    "summary": "`headers` not an object",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`headers` must be an object",
        "field": "headers"
      }
    }
  },
  "enabled": {
    "summary": "`enabled` not a boolean",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`enabled` must be true or false",
        "field": "enabled"
      }
    }
  }
}"#;

pub(super) const SUBSCRIPTION_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "No such subscription",
    "value": {
      "error": {
        "code": "not_found",
        "message": "subscription not found"
      }
    }
  }
}"#;

pub(super) const PATIENT_APPOINTMENT_CONFIRMED: &str = r#"{
  "confirmed": {
    "summary": "Confirmed",
    "value": {
      "appointment_uid": "apt_7vq2k1m9d3f8h0j4n6p5r2t1s0_1c3e5g7i9k1m3o5q7s9u1a3c5e",
      "status": "confirmed",
      "shop_uid": "shop_7vq2k1m9d3f8h0j4n6p5r2t1s0",
      "doctor_uid": "doc_2c4e6g8i0k1m3o5q7s9u1a3b5d",
      "patient_profile_uid": "pp-partner-h2k4m6o8q0s2u4a6c8e0g2i4k6",
      "appointment_type_uid": "atype_6d8f0h2j4l6n8p0r2t4v6b8d0f",
      "payment_mode": "online",
      "start": "2026-12-07T08:00:00.000Z",
      "end": "2026-12-07T08:30:00.000Z",
      "hold_expires_at": null,
      "previous_meeting_uid": null,
      "rebooked_to": null,
      "cancellation_reason": null,
      "checked_in_at": null,
      "queue_uid": null,
      "created_at": "2026-12-01T10:00:00.000Z",
      "updated_at": "2026-12-01T10:03:00.000Z"
    }
  }
}"#;

pub(super) const EPISODE: &str = r#"{
  "episode": {
    "summary": "An episode of care",
    "value": {
      "episode_uid": "ep_4f6h8j0l2n4p6r8t0v2b4d6f8h",
      "patient_uid": "pp_8m0p2r4t6v8b0d2f4h6j8l0n2q",
      "name": "covid care",
      "type": "covid",
      "from": "2026-11-02",
      "to": null,
      "status": "ACTIVE",
      "objective": "recover from covid",
      "reasonIncomplete": null,
      "created_at": "2026-11-02T09:00:00.000Z",
      "updated_at": "2026-11-02T09:00:00.000Z"
    }
  }
}"#;

pub(super) const EPISODE_REQUEST: &str = r#"{
  "seed_002": {
    "summary": "Seed 002's example",
    "value": {
      "name": "covid care",
      "type": "covid",
      "from": "2026-11-02",
      "status": "ACTIVE",
      "objective": "recover from covid"
    }
  }
}"#;

pub(super) const EPISODE_INVALID: &str = r#"{
  "status": {
    "summary": "An unknown status",
    "value": {
      "error": {
        "code": "invalid_request",
        "message": "`status` must be one of PLANNING, WAITLIST, ACTIVE, ONHOLD, FINISHED, CANCELED",
        "field": "status"
      }
    }
  }
}"#;

pub(super) const EPISODE_NOT_FOUND: &str = r#"{
  "not_found": {
    "summary": "No such episode",
    "value": {
      "error": {
        "code": "not_found",
        "message": "episode not found"
      }
    }
  }
}"#;
