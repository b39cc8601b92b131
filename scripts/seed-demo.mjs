// Seeds the demo organisation through the public API, idempotently: if
// .frontdesk/demo.json holds a key that still works, the same organisation,
// shop and doctors are reused; otherwise they are created (keys are shown
// only once, so a lost demo.json means a new demo organisation).
// Usage: node scripts/seed-demo.mjs http://127.0.0.1:8787
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createHmac, randomUUID } from 'node:crypto';

const base = process.argv[2] ?? 'http://127.0.0.1:8787';
const demoPath = '.frontdesk/demo.json';
const operatorToken = readFileSync('.dev.vars', 'utf8').match(/^OPERATOR_TOKEN=(.*)$/m)?.[1]?.trim();
if (!operatorToken) throw new Error('OPERATOR_TOKEN missing from .dev.vars');

async function call(method, path, { key, bearer, body, ok = [200, 201] } = {}) {
  const headers = {};
  if (key) headers['X-API-Key'] = key;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body) headers['Content-Type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  const json = res.status === 204 ? null : await res.json();
  if (!ok.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return { status: res.status, json };
}

let demo = existsSync(demoPath) ? JSON.parse(readFileSync(demoPath, 'utf8')) : null;
if (demo) {
  const probe = await call('GET', `/v1/management/shops/${demo.shop_uid}`, { key: demo.api_key, ok: [200, 401, 404] });
  // A demo.json from before the calendar existed is replaced too.
  if (probe.status !== 200 || !demo.appointment_type_uid) demo = null;
}

if (!demo) {
  const org = (await call('POST', '/v1/operator/organizations', { bearer: operatorToken, body: { name: 'Demo Clinic' } })).json;
  const key = org.api_key;
  const shop = (await call('POST', '/v1/management/shops', {
    key, body: { name: 'Demo Clinic Main Street', address: '1 Main Street, Springfield', time_zone: 'Europe/Berlin' },
  })).json;
  const doctors = [];
  const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
  for (const name of ['Dr. Ada Lovelace', 'Dr. Alan Turing']) {
    const d = (await call('POST', '/v1/management/doctors', { key, body: { shop_uid: shop.shop_uid, name } })).json;
    // Doctors keep their own availability, with a key bound to them.
    const doctorKey = (await call('POST', '/v1/management/api-keys', {
      key,
      body: { name: `${name} (doctor)`, scopes: ['availability:write', 'appointments:read', 'waiting_room:write'], doctor_uid: d.doctor_uid },
    })).json.api_key;
    await call('PUT', `/v1/management/doctors/${d.doctor_uid}/availability`, {
      key: doctorKey,
      body: { weekly: weekdays.map((weekday) => ({ weekday, start: '09:00', end: '17:00' })) },
    });
    doctors.push({ doctor_uid: d.doctor_uid, name: d.name, video_room_id: d.video_room_id, api_key: doctorKey });
  }
  const type = (await call('POST', '/v1/management/appointment-types', {
    key,
    body: { name: 'Video consultation', duration_minutes: 20, hold_ttl_seconds: 600, min_cancel_notice_minutes: 120, payment_modes: ['online', 'insurance'] },
  })).json;
  demo = {
    organization_uid: org.organization_uid,
    api_key: key,
    shop_uid: shop.shop_uid,
    doctors,
    appointment_type_uid: type.appointment_type_uid,
  };
}

// A demo patient to watch: reuse one still waiting, else register a new one.
let links = null;
if (demo.queue_uid) {
  const st = await call('GET', `/v1/management/waiting-room/${demo.queue_uid}/status`, { key: demo.api_key, ok: [200, 404] });
  if (st.status === 200 && st.json.status === 'waiting') {
    links = (await call('GET', `/v1/management/waiting-room/${demo.queue_uid}/watch-url`, { key: demo.api_key })).json;
  }
}
if (!links) {
  links = (await call('POST', '/v1/management/waiting-room/register', {
    key: demo.api_key,
    body: { shop_uid: demo.shop_uid, patient_profile_uid: 'pp-demo', visit_reason: 'Demo visit' },
  })).json;
  demo.queue_uid = links.queue_uid;
}
// Staff who sign in to the portals: the admin and each doctor, by email.
const staff = (await call('GET', '/v1/management/staff?limit=200', { key: demo.api_key })).json.data;
const wanted = [
  { email: 'admin@demo-clinic.example', name: 'Demo Admin', role: 'admin' },
  ...demo.doctors.map((d, i) => ({
    email: `${['ada', 'alan'][i] ?? `doctor${i}`}@demo-clinic.example`, name: d.name, role: 'doctor', doctor_uid: d.doctor_uid,
  })),
];
const people = [];
for (const w of wanted) {
  let user = staff.find((s) => s.email === w.email);
  if (!user) user = (await call('POST', '/v1/management/staff', { key: demo.api_key, body: w })).json;
  people.push(user);
}
// A fresh sign-in link for each, taken from the local outbox (no email
// provider under make dev).
const before = new Set((await call('GET', '/v1/management/messages?limit=200', { key: demo.api_key })).json.data.map((m) => m.message_id));
for (const p of people) await call('POST', '/v1/auth/sign-in', { body: { email: p.email }, ok: [202] });
const signInLinks = new Map();
for (let tries = 0; tries < 50 && signInLinks.size < people.length; tries++) {
  const messages = (await call('GET', '/v1/management/messages?limit=200', { key: demo.api_key })).json.data;
  for (const m of messages) {
    if (before.has(m.message_id) || m.status !== 'stored_locally') continue;
    const link = m.body.match(/(https?:\/\/\S+\/sign-in#token=\S+)/)?.[1];
    if (link) signInLinks.set(m.recipient.replace(/^staff:/, ''), link);
  }
  if (signInLinks.size < people.length) await new Promise((r) => setTimeout(r, 200));
}

// A partner's booking secret, made once, and a booking link minted with it
// (10 minutes, one booking) for the hosted booking page.
if (!demo.booking_secret) {
  const made = (await call('POST', '/v1/management/booking-secrets', { key: demo.api_key, body: { name: 'demo storefront' } })).json;
  demo.booking_secret = { key_id: made.key_id, secret: made.secret };
}
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: demo.booking_secret.key_id })}.${b64({
  sub: 'demo-customer', aud: 'frontdesk-booking', iat: now, exp: now + 600, jti: randomUUID(),
  name: 'Demo Customer', email: 'customer@demo-storefront.example',
})}`;
const bookingToken = `${head}.${createHmac('sha256', demo.booking_secret.secret).update(head).digest('base64url')}`;

demo.base_url = base;
demo.wait_page_url = links.wait_page_url;
demo.visit_url = links.visit_url;
demo.watch_url = links.watch_url;

mkdirSync('.frontdesk', { recursive: true });
writeFileSync(demoPath, JSON.stringify(demo, null, 2) + '\n', { mode: 0o600 });

console.log(`
Frontdesk is running on ${base}

  API key (X-API-Key):  ${demo.api_key}
  Organisation:         ${demo.organization_uid}
  Shop uid:             ${demo.shop_uid}
${demo.doctors.map((d) => `  Doctor uid:           ${d.doctor_uid}  (${d.name})`).join('\n')}
  Appointment type:     ${demo.appointment_type_uid ?? '(none)'}  (Video consultation, 20 min)
  Demo queue entry:     ${demo.queue_uid}

  Booking page (10 min): ${base}/book#token=${bookingToken}
  Example storefront:   BOOKING_KID=${demo.booking_secret.key_id} BOOKING_SECRET=${demo.booking_secret.secret} FRONTDESK_URL=${base} node examples/storefront/server.mjs

  Patient wait page:    ${demo.wait_page_url}
  Patient visit link:   ${demo.visit_url}  (the one link to send: wait page, then the room)

Try it (seed 000):
  curl -X POST ${base}/v1/management/waiting-room/register \\
    -H "X-API-Key: ${demo.api_key}" -H "Content-Type: application/json" \\
    -d '{"shop_uid": "${demo.shop_uid}", "patient_profile_uid": "pp-xyz789", "visit_reason": "Follow-up consultation"}'

Take the next patient as ${demo.doctors[0].name}:
  curl -X POST ${base}/v1/management/waiting-room/allocate \\
    -H "X-API-Key: ${demo.api_key}" -H "Content-Type: application/json" \\
    -d '{"shop_uid": "${demo.shop_uid}", "doctor_uid": "${demo.doctors[0].doctor_uid}"}'

Free slots this week for the video consultation:
  curl "${base}/v1/management/slots?shop_uid=${demo.shop_uid}&appointment_type_uid=${demo.appointment_type_uid}&start_date=$(date +%F)&end_date=$(date -d '+6 days' +%F)" \\
    -H "X-API-Key: ${demo.api_key}"

Sign in as staff (each link works once, for 15 minutes; ask for another at ${base}/sign-in):
${people.map((p) => `  ${p.name} (${p.role}, ${p.email}):\n    ${signInLinks.get(p.staff_uid) ?? '(no link arrived; ask at /sign-in)'}`).join('\n')}

The same details, with each doctor's own key, are in ${demoPath}. Press Ctrl-C to stop; state is kept in .wrangler/state.
`);
