"""Schemathesis hooks for the schema-conformance fuzzer (`make fuzz`).

At import they make a real organisation on the server under test, with an
operator token, and everything the operations' path ids must name: a shop,
a doctor with a key bound to them, an appointment type, a partner with a
booking secret, a patient, a queue entry, an appointment and a webhook
subscription. Then they authenticate every case as the operation's
security scheme asks, mint a fresh booking token per call (each `jti`
books once), put real ids into paths, and keep webhook URLs on loopback
(`wrangler dev` stalls on hosts it cannot resolve).

Settings come from the environment: FUZZ_BASE_URL (the server) and
FUZZ_OPERATOR_TOKEN (its OPERATOR_TOKEN).
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import re
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

import requests
import schemathesis
from hypothesis import strategies as st

BASE = os.environ["FUZZ_BASE_URL"].rstrip("/")
OPERATOR_TOKEN = os.environ["FUZZ_OPERATOR_TOKEN"]
# Deliveries go here: a loopback port nothing listens on, so each attempt
# is refused at once instead of waiting on a name lookup.
LOOPBACK_HOOK = "127.0.0.1:9"


def _call(method, path, key=None, body=None, expect=(200, 201), headers=None):
    h = dict(headers or {})
    if key:
        h["X-API-Key"] = key
    r = requests.request(method, BASE + path, json=body, headers=h, timeout=30)
    if r.status_code not in expect:
        raise RuntimeError(f"fixture {method} {path}: {r.status_code} {r.text[:500]}")
    return r.json() if r.content else None


class Fixtures:
    """The organisation the fuzzer works in, made once per run."""

    def __init__(self):
        org = _call(
            "POST",
            "/v1/operator/organizations",
            body={"name": "Schema fuzzer"},
            headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"},
        )
        self.key = org["api_key"]
        self.shop = _call(
            "POST",
            "/v1/management/shops",
            self.key,
            {"name": "Fuzz clinic", "address": "1 Harbour Road", "time_zone": "UTC"},
        )["shop_uid"]
        self.doctor = _call(
            "POST", "/v1/management/doctors", self.key, {"shop_uid": self.shop, "name": "Dr. Fuzz"}
        )["doctor_uid"]
        self.doctor_key = _call(
            "POST",
            "/v1/management/api-keys",
            self.key,
            {"name": "doctor", "scopes": ["availability:write"], "doctor_uid": self.doctor},
        )["api_key"]
        # The fuzzer rewrites this second doctor's availability; the first
        # one's stays, so fixtures can keep booking their slots.
        self.other_doctor = _call(
            "POST", "/v1/management/doctors", self.key, {"shop_uid": self.shop, "name": "Dr. Other"}
        )["doctor_uid"]
        self.other_doctor_key = _call(
            "POST",
            "/v1/management/api-keys",
            self.key,
            {"name": "other doctor", "scopes": ["availability:write"], "doctor_uid": self.other_doctor},
        )["api_key"]
        weekly = [
            {"weekday": d, "start": "08:00", "end": "20:00"}
            for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        ]
        _call(
            "PUT", f"/v1/management/doctors/{self.doctor}/availability", self.doctor_key, {"weekly": weekly}
        )
        self.type = _call(
            "POST", "/v1/management/appointment-types", self.key, {
                "name": "Consult",
                "duration_minutes": 15,
                # Every mode, so a documented `payment_mode` is never refused for the type.
                "payment_modes": ["online", "at_clinic", "insurance", "free"],
            }
        )["appointment_type_uid"]
        self.partner = _call("POST", "/v1/management/partners", self.key, {"name": "Fuzz partner"})["partner_id"]
        secret = _call(
            "POST", "/v1/management/booking-secrets", self.key, {"name": "fuzz", "partner_id": self.partner}
        )
        self.booking_kid, self.booking_secret = secret["key_id"], secret["secret"]
        self.patient = _call(
            "POST",
            "/v1/management/patients",
            self.key,
            {"name": [{"family": "Fuzz", "firstName": "Patient"}], "birthDate": "1980-01-01"},
        )["patient_uid"]
        entry = _call(
            "POST",
            "/v1/management/waiting-room/register",
            self.key,
            {"shop_uid": self.shop, "patient_profile_uid": "pp-fuzz-queue"},
        )
        self.queue = entry["queue_uid"]
        self.visit_token = entry["visit_url"].rsplit("/", 1)[-1]
        self.subscription = _call(
            "POST",
            "/v1/management/webhook-subscriptions",
            self.key,
            {"url": f"http://{LOOPBACK_HOOK}/hook", "event_types": ["APPOINTMENT_CONFIRMED"]},
        )["subscription_id"]
        self._slots = itertools.count()
        self._lock = threading.Lock()
        # A booking through the token, so the patient-side routes have an
        # appointment of the token's holder, and the subscription a delivery.
        self.booking_sub = "fuzz-customer"
        self.booked = _call(
            "POST",
            "/v1/booking/appointments",
            body={
                "shop_uid": self.shop,
                "doctor_uid": self.doctor,
                "appointment_type_uid": self.type,
                "start": self.next_slot(),
                "payment_mode": "at_clinic",
            },
            headers={"Authorization": f"Bearer {self.booking_token()}"},
        )["appointment_uid"]
        self.appointment = self.new_appointment()
        self.delivery = self._first_delivery()

    def next_slot(self):
        """A start no other fixture took: 15-minute steps from 08:00 UTC, from the day after tomorrow."""
        with self._lock:
            n = next(self._slots)
        day, step = divmod(n, 48)
        start = datetime.now(timezone.utc).replace(hour=8, minute=0, second=0, microsecond=0)
        start += timedelta(days=2 + day, minutes=15 * step)
        return start.strftime("%Y-%m-%dT%H:%M:%SZ")

    def new_appointment(self):
        # The fuzzer books the same doctor too; a taken slot moves on to the next.
        for _ in range(50):
            body = {
                "shop_uid": self.shop,
                "doctor_uid": self.doctor,
                "appointment_type_uid": self.type,
                "patient_profile_uid": f"pp-fuzz-{uuid.uuid4().hex[:12]}",
                "start": self.next_slot(),
                "payment_mode": "at_clinic",
                "status": "confirmed",
            }
            r = _call("POST", "/v1/management/appointments", self.key, body, expect=(201, 409))
            if "appointment_uid" in r:
                return r["appointment_uid"]
        raise RuntimeError("no free slot for a fixture appointment")

    def _first_delivery(self):
        path = f"/v1/management/webhook-subscriptions/{self.subscription}/deliveries"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            items = _call("GET", path, self.key)["data"]
            if items:
                return items[0]["delivery_id"]
            time.sleep(0.5)
        raise RuntimeError("no webhook delivery was recorded for the fixture booking")

    def watch_token(self):
        """A waiting entry's watch token, registered once: the fuzzer's
        my-turn requests all speak for it."""
        if getattr(self, "_watch_token", None) is None:
            entry = _call(
                "POST",
                "/v1/management/waiting-room/register",
                self.key,
                {"shop_uid": self.shop, "patient_profile_uid": "pp-fuzz-watcher"},
                expect=(201,),
            )
            self._watch_token = entry["wait_page_url"].split("#token=", 1)[1]
        return self._watch_token

    def booking_token(self):
        """A booking token as a partner backend mints it (core/src/booking_token.rs), with a fresh `jti`."""
        now = int(time.time())
        header = {"alg": "HS256", "typ": "JWT", "kid": self.booking_kid}
        claims = {
            "sub": self.booking_sub,
            "aud": "frontdesk-booking",
            "iat": now,
            "exp": now + 300,
            "jti": uuid.uuid4().hex,
        }

        def part(obj):
            raw = json.dumps(obj, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        signing_input = f"{part(header)}.{part(claims)}"
        mac = hmac.new(self.booking_secret.encode(), signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


FIX = Fixtures()


def _sacrificial(kind):
    """A fresh object for an operation that ends it, so the fixtures the other operations use stay."""
    if kind == "api_key":
        return _call("POST", "/v1/management/api-keys", FIX.key, {"name": "victim", "scopes": ["waiting_room:read"]})[
            "key_id"
        ]
    if kind == "booking_secret":
        return _call("POST", "/v1/management/booking-secrets", FIX.key, {"name": "victim"})["key_id"]
    if kind == "subscription":
        return _call(
            "POST",
            "/v1/management/webhook-subscriptions",
            FIX.key,
            {"url": f"http://{LOOPBACK_HOOK}/victim", "event_types": ["APPOINTMENT_CANCELLED"], "enabled": False},
        )["subscription_id"]
    if kind == "queue":
        return _call(
            "POST",
            "/v1/management/waiting-room/register",
            FIX.key,
            {"shop_uid": FIX.shop, "patient_profile_uid": f"pp-fuzz-{uuid.uuid4().hex[:12]}"},
        )["queue_uid"]
    if kind == "appointment":
        return FIX.new_appointment()
    raise ValueError(kind)


# Operations that end or change the object their path names get a fresh one
# per call; the rest share the fixtures.
_FRESH = {
    ("DELETE", "/v1/management/api-keys/{key_id}"): ("key_id", "api_key"),
    ("DELETE", "/v1/management/booking-secrets/{key_id}"): ("key_id", "booking_secret"),
    ("POST", "/v1/management/booking-secrets/{key_id}/reveal"): ("key_id", "booking_secret"),
    ("DELETE", "/v1/management/webhook-subscriptions/{subscription_id}"): ("subscription_id", "subscription"),
    ("DELETE", "/v1/management/waiting-room/{queue_uid}"): ("queue_uid", "queue"),
    ("POST", "/v1/management/waiting-room/{queue_uid}/complete"): ("queue_uid", "queue"),
}
for _action in ("confirm", "cancel", "rebook", "check-in", "complete", "no-show"):
    _FRESH[("POST", f"/v1/management/appointments/{{appointment_uid}}/{_action}")] = ("appointment_uid", "appointment")

_SHARED = {
    "shop_uid": lambda: FIX.shop,
    "doctor_uid": lambda: FIX.doctor,
    "appointment_type_uid": lambda: FIX.type,
    "patient_uid": lambda: FIX.patient,
    "queue_uid": lambda: FIX.queue,
    "subscription_id": lambda: FIX.subscription,
    "delivery_id": lambda: FIX.delivery,
    "token": lambda: FIX.visit_token,
}


def _path_parameters(op, path_parameters):
    params = dict(path_parameters or {})
    fresh = _FRESH.get((op.method.upper(), op.path))
    availability = op.path == "/v1/management/doctors/{doctor_uid}/availability"
    for name in params:
        if availability and op.method.upper() == "PUT" and name == "doctor_uid":
            params[name] = FIX.other_doctor
        elif fresh and fresh[0] == name:
            params[name] = _sacrificial(fresh[1])
        elif name == "appointment_uid":
            params[name] = FIX.booked if op.path.startswith("/v1/booking/") else FIX.appointment
        elif name == "key_id":
            params[name] = FIX.booking_kid
        elif name in _SHARED:
            params[name] = _SHARED[name]()
    return params


def _loopback(value):
    """The same URL with its host on loopback; anything that is no http(s) URL stays as generated."""
    if not isinstance(value, str):
        return value
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return value
    # https, as production requires: plain http is accepted only because the
    # test server allows private URLs, which the document does not promise.
    return urlunsplit(("https", LOOPBACK_HOOK, parts.path, parts.query, parts.fragment))


# Ids in bodies and queries: a well-formed one the fuzzer made up names
# nothing (404), so it becomes the fixture's, and the request reaches the
# checks behind the lookup. Malformed ones stay, to be refused.
_IDS = {
    "shop_uid": (re.compile(r"^shop_[0-9a-v]{26}$"), lambda: FIX.shop),
    "doctor_uid": (re.compile(r"^doc_[0-9a-v]{26}$"), lambda: FIX.doctor),
    "preferred_doctor_uid": (re.compile(r"^doc_[0-9a-v]{26}$"), lambda: FIX.doctor),
    "appointment_type_uid": (re.compile(r"^atype_[0-9a-v]{26}$"), lambda: FIX.type),
    "partner_id": (re.compile(r"^ptn_[0-9a-v]{26}$"), lambda: FIX.partner),
}


def _real_ids(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            known = _IDS.get(k)
            if known and isinstance(v, str) and known[0].match(v):
                out[k] = known[1]()
            else:
                out[k] = _real_ids(v)
        return out
    if isinstance(value, list):
        return [_real_ids(v) for v in value]
    return value


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """Runs for every case of every phase (generation hooks miss the examples phase)."""
    op = case.operation
    if case.path_parameters:
        case.path_parameters = _path_parameters(op, case.path_parameters)
    if isinstance(case.query, dict):
        case.query = _real_ids(case.query)
    if isinstance(case.body, (dict, list)):
        body = _real_ids(case.body)
        if "/webhook-subscriptions" in op.path and isinstance(body, dict) and "url" in body:
            body["url"] = _loopback(body["url"])
        case.body = _sampled(op, body, _negative(case))
    if op.method.upper() == "POST" and op.path.endswith("/attachments") and not _negative(case):
        # Any bytes match `format: binary`; the API takes PDF, PNG and JPEG
        # by their first bytes (documented, and no schema can state it).
        case.body = b"%PDF-1.7\n" + (case.body if isinstance(case.body, bytes) else b"")[:1024]
    if op.method.upper() == "PUT" and op.path.endswith("/note") and not _negative(case):
        # A schema-valid If-Match names some version; only the current one
        # is a valid request (any other is the documented 412).
        path = op.path.replace("{appointment_uid}", case.path_parameters["appointment_uid"])
        current = requests.get(BASE + path, headers={"X-API-Key": FIX.key}, timeout=30)
        case.headers = dict(case.headers or {})
        case.headers["If-Match"] = current.headers.get("ETag", '"v0"')
        # Answers must name the template's questions, a rule across the
        # body and a stored template that no schema states.
        if isinstance(case.body, dict):
            case.body["answers"] = []


@schemathesis.auth(refresh_interval=None)
class Credentials:
    """Each operation's own credential: the admin key, the doctor's key, the operator token or a fresh booking token."""

    def get(self, case, ctx):
        op = ctx.operation
        schemes = {name for req in (op.definition.raw.get("security") or []) for name in req}
        if "BookingToken" in schemes:
            return ("Authorization", f"Bearer {FIX.booking_token()}")
        if "OperatorToken" in schemes:
            return ("Authorization", f"Bearer {OPERATOR_TOKEN}")
        if "WatchToken" in schemes and op.path == "/v1/waiting-room/my-turn":
            # Not the watch socket: with a valid token, a request carrying
            # `Upgrade: websocket` is a handshake `wrangler dev` answers
            # itself, in plain text (see _case_ok).
            return ("Authorization", f"Bearer {FIX.watch_token()}")
        if "ApiKey" in schemes:
            if op.path == "/v1/management/doctors/{doctor_uid}/availability" and op.method.upper() == "PUT":
                return ("X-API-Key", FIX.other_doctor_key)
            return ("X-API-Key", FIX.key)
        return None

    def set(self, case, data, ctx):
        if data is None:
            return
        name, value = data
        case.headers = dict(case.headers or {})
        case.headers[name] = value


@schemathesis.hook
def after_call(ctx, case, response):
    """Deletes each subscription the fuzzer made: every enabled one would get
    a delivery of every later event, and thousands of deliveries exhaust
    `wrangler dev`'s file descriptors."""
    if case.operation.path == "/v1/management/webhook-subscriptions" and case.method.upper() == "POST":
        if response.status_code == 201:
            made = response.json().get("subscription_id")
            if made:
                _call("DELETE", f"/v1/management/webhook-subscriptions/{made}", FIX.key)


# Phone numbers: the document's `format: phone` is a number valid for its
# country, which no pattern states; these are.
PHONES = ["+14155550123", "+1 (212) 555-0142", "+49 151 23456789", "+44 20 7946 0958", "+33 6 12 34 56 78"]
schemathesis.openapi.format("phone", st.sampled_from(PHONES))
# A "my turn" contact: such a number, or an email address.
CONTACTS = PHONES + ["ana@example.org", "Luis.Garcia@clinic.example"]
schemathesis.openapi.format("turn-contact", st.sampled_from(CONTACTS))


def _minutes(hhmm):
    try:
        h, m = hhmm.split(":")
        return int(h) * 60 + int(m)
    except (AttributeError, ValueError):
        return None


def _windows_ok(windows):
    """Each window starts before it ends and none overlaps another of its day."""
    spans = []
    for w in windows:
        if not isinstance(w, dict):
            return True
        start, end = _minutes(w.get("start")), _minutes(w.get("end"))
        if start is None or end is None:
            return True
        if start >= end:
            return False
        day = w.get("weekday")
        if any(d == day and start < e and s < end for d, s, e in spans):
            return False
        spans.append((day, start, end))
    return True


@schemathesis.hook
def filter_query(ctx, query):
    """Drops ranges JSON Schema cannot order (the document says so in words):
    `to` not after `from`; a slot search's `end_date` before `start_date`
    or more than 31 days after it."""
    return _ranges_ok(ctx.operation.path, query)


def _ranges_ok(path, query):
    if not isinstance(query, dict):
        return True
    if path.endswith("/reports/visits.csv"):
        # Days, both included: `to` not before `from`, at most 366 days.
        try:
            since = datetime.strptime(query["from"], "%Y-%m-%d")
            until = datetime.strptime(query["to"], "%Y-%m-%d")
        except (KeyError, TypeError, ValueError):
            return True
        return since <= until and (until - since).days < 366
    if isinstance(query.get("from"), str) and isinstance(query.get("to"), str):
        try:
            # RFC 3339 allows `t` and `z` in lower case.
            since = datetime.fromisoformat(query["from"].upper().replace("Z", "+00:00"))
            until = datetime.fromisoformat(query["to"].upper().replace("Z", "+00:00"))
            if until <= since:
                return False
        except ValueError:
            pass
    if not path.endswith("/slots"):
        return True
    try:
        start = datetime.strptime(query["start_date"], "%Y-%m-%d")
        end = datetime.strptime(query["end_date"], "%Y-%m-%d")
    except (KeyError, TypeError, ValueError):
        return True
    return start <= end and (end - start).days < 31


@schemathesis.hook
def filter_body(ctx, body):
    """Drops bodies that break a rule JSON Schema cannot state across items
    (the document states it in words): availability windows that end before
    they start or overlap, more than 12 windows on one weekday, two overrides
    of one date, and two identifiers of one system."""
    if not isinstance(body, dict):
        return True
    # An episode's `to` is never before its `from` (ISO dates compare as text).
    if isinstance(body.get("from"), str) and isinstance(body.get("to"), str) and body["to"] < body["from"]:
        return False
    # An encounter report's `to` is after its `from`, at most 366 days on.
    if "password" in body and isinstance(body.get("from"), str) and isinstance(body.get("to"), str):
        try:
            since = datetime.fromisoformat(body["from"].upper().replace("Z", "+00:00"))
            until = datetime.fromisoformat(body["to"].upper().replace("Z", "+00:00"))
        except ValueError:
            return True
        if not (since < until and (until - since).total_seconds() <= 366 * 86400):
            return False
    if isinstance(body.get("weekly"), list) and not _windows_ok(body["weekly"]):
        return False
    if isinstance(body.get("weekly"), list):
        days = [w.get("weekday") for w in body["weekly"] if isinstance(w, dict)]
        if any(days.count(d) > 12 for d in set(map(str, days))):
            return False
    dates = []
    for override in body.get("overrides") or []:
        if isinstance(override, dict) and isinstance(override.get("windows"), list):
            if not _windows_ok(override["windows"]):
                return False
        if isinstance(override, dict):
            dates.append(str(override.get("date")))
    # Each override date at most once: JSON Schema's uniqueItems compares whole items.
    if len(dates) != len(set(dates)):
        return False
    for record in (body, body.get("patient")):
        ids = record.get("identifiers") if isinstance(record, dict) else None
        if isinstance(ids, list):
            systems = [i.get("system") for i in ids if isinstance(i, dict)]
            if len(systems) != len(set(map(str, systems))):
                return False
    return True


# Rules JSON Schema cannot state, each in its operation's description. The
# coverage and fuzzing phases apply `filter_case` (the coverage phase skips
# `filter_query` and `filter_body`); the examples phase, `before_add_examples`.

# The slot search's work limit, MAX_SLOT_SEARCH_SLOTS: days × slots a day ×
# doctors, which depends on stored data (the shop's doctors). The fuzz server
# sets FUZZ_SLOT_SEARCH_WORK as that limit; a shop has at most
# MAX_DOCTORS_PER_SHOP doctors, and every type the fuzzer names is the
# fixture's 15-minute one.
SLOT_SEARCH_WORK = int(os.environ.get("FUZZ_SLOT_SEARCH_WORK", "20000"))
MAX_DOCTORS_PER_SHOP = 200
SLOTS_PER_DAY = 24 * 60 // 15


def _slot_work_ok(query):
    try:
        start = datetime.strptime(query["start_date"], "%Y-%m-%d")
        end = datetime.strptime(query["end_date"], "%Y-%m-%d")
    except (KeyError, TypeError, ValueError):
        return True
    doctors = 1 if query.get("doctor_uid") else MAX_DOCTORS_PER_SHOP
    return ((end - start).days + 1) * SLOTS_PER_DAY * doctors <= SLOT_SEARCH_WORK


def _search_terms_ok(terms):
    """A patient search names `phone`, `mrn`, or `identifier_system` with
    `identifier_value` (empty counts as absent): a rule on which query
    parameters go together, which OpenAPI cannot state."""
    given = lambda name: isinstance(terms.get(name), str) and terms[name] != ""
    return given("phone") or given("mrn") or (given("identifier_system") and given("identifier_value"))


def _birth_date_ok(record):
    """`birthDate` not in the future: a rule on the clock."""
    born = record.get("birthDate") if isinstance(record, dict) else None
    if not isinstance(born, str):
        return True
    try:
        return datetime.strptime(born, "%Y-%m-%d").date() <= datetime.now(timezone.utc).date()
    except ValueError:
        return True


_ABSENT = object()


def _merge_patch_ok(patch):
    """A merge patch is validated whole after merging with the stored record,
    which other cases change meanwhile; only patches that leave any valid
    record valid are kept: `deceased` and `deceasedAt` set together and
    consistently, no name list removed or emptied, an email group given
    whole, and `isLinkedByEmail` true only with one."""
    if not isinstance(patch, dict):
        return True
    if "deceased" in patch or "deceasedAt" in patch:
        # Absent is neither a time nor `null`: `deceased: true` alone leaves
        # a record without its `deceasedAt`, and `deceased: null` alone one
        # with a stale `deceasedAt`.
        dead, at = patch.get("deceased"), patch.get("deceasedAt", _ABSENT)
        if not ((dead is True and isinstance(at, str)) or (dead in (False, None) and at is None)):
            return False
    if "name" in patch and not patch["name"]:
        return False
    if "sharedEmailGroup" in patch:
        group = patch["sharedEmailGroup"]
        if group is None:
            if "isLinkedByEmail" not in patch or patch["isLinkedByEmail"] is True:
                return False
        elif not (isinstance(group, dict) and isinstance(group.get("type"), str) and isinstance(group.get("name"), str)):
            return False
    if patch.get("isLinkedByEmail") is True and not isinstance(patch.get("sharedEmailGroup"), dict):
        return False
    return _birth_date_ok(patch)


def _case_ok(op, case):
    method, path = op.method.upper(), op.path
    query = case.query if isinstance(case.query, dict) else {}
    body = case.body
    if (method, path) == ("GET", "/v1/management/waiting-room/live"):
        # A valid request is a whole WebSocket handshake (a fresh
        # `Sec-WebSocket-Key`, version 13) that only a WebSocket client
        # completes; the runtime answers a half one itself, in plain text.
        # The operation's refusals (no upgrade, a bad `shop_uid`) are still
        # tried as negative cases; the socket is tried end to end.
        return False
    if path.endswith("/slots") and not _slot_work_ok(query):
        return False
    if (method, path) == ("GET", "/v1/management/patients") and not _search_terms_ok(query):
        return False
    if (method, path) == ("PATCH", "/v1/management/patients/{patient_uid}") and not _merge_patch_ok(body):
        return False
    if path.startswith("/v1/management/patients") and method in ("POST", "PUT") and isinstance(body, dict):
        if not (_birth_date_ok(body) and _birth_date_ok(body.get("patient"))):
            return False
    return _ranges_ok(path, query)


def _phone_ok(op, case):
    """A doctor's mobile number is `format: phone`: a number valid for its
    country, which no validator checks; so a string that is not one of the
    numbers above is neither sure to be valid nor to be refused, whichever
    phase made it."""
    body = case.body
    if not isinstance(body, dict):
        return True
    if op.path.endswith("/mobile-phone"):
        value = body.get("mobile_phone")
        return not isinstance(value, str) or value in PHONES
    return True


# Contacts and staff mobile numbers are valid only when they are real
# numbers or addresses, which no pattern states: in a positive case a
# made-up one becomes one of the samples (rejecting cases instead leaves
# the generator searching for strings it almost never makes).
_SAMPLED = {
    "/v1/management/waiting-room/register": ("notify_contact", CONTACTS),
    "/v1/waiting-room/my-turn": ("contact", CONTACTS),
    "/v1/management/staff": ("mobile_phone", PHONES),
    "/v1/management/staff/{staff_uid}": ("mobile_phone", PHONES),
}


def _negative(case):
    meta = getattr(case, "meta", None)
    mode = getattr(getattr(meta, "generation", None), "mode", None)
    return mode is not None and str(getattr(mode, "value", mode)) == "negative"


def _sampled(op, body, negative):
    sampled = _SAMPLED.get(op.path)
    if negative or not sampled or not isinstance(body, dict):
        return body
    field, allowed = sampled
    value = body.get(field)
    if isinstance(value, str) and value.strip() and value not in allowed:
        body[field] = allowed[len(value) % len(allowed)]
    return body


@schemathesis.hook
def filter_case(ctx, case):
    if not _phone_ok(ctx.operation, case):
        return False
    # Only cases the document calls valid: an invalid one is refused anyway.
    meta = getattr(case, "meta", None)
    mode = getattr(getattr(meta, "generation", None), "mode", None)
    if mode is not None and str(getattr(mode, "value", mode)) == "negative":
        return True
    return _case_ok(ctx.operation, case) and filter_body(None, case.body)


@schemathesis.hook
def before_add_examples(ctx, examples):
    examples[:] = [
        c for c in examples if _phone_ok(ctx.operation, c) and _case_ok(ctx.operation, c) and filter_body(None, c.body)
    ]
