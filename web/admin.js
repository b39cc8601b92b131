// The admin portal's overview: every appointment of the organisation,
// filtered by shop, doctor, patient, statuses and dates. The filters live
// in the URL, so a view can be bookmarked, shared and paged.
import { $, api, adminSession, showFieldError, when } from '/portal.js';

const FILTERS = ['shop_uid', 'doctor_uid', 'patient_profile_uid', 'from', 'to', 'status', 'cursor'];
const doctors = new Map();

function option(value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

/** The URL's filters as the API's query (dates become instants). */
function apiQuery(params) {
  const q = new URLSearchParams();
  for (const k of FILTERS) {
    const v = params.get(k);
    if (!v) continue;
    if (k === 'from' || k === 'to') q.set(k, new Date(`${v}T00:00:00`).toISOString());
    else q.set(k, v);
  }
  q.set('limit', '50');
  return q;
}

function fillForm(params) {
  const form = $('filters');
  for (const k of ['shop_uid', 'doctor_uid', 'patient_profile_uid', 'from', 'to']) form.elements[k].value = params.get(k) ?? '';
  const statuses = (params.get('status') ?? '').split(',');
  for (const box of form.querySelectorAll('input[name="status"]')) box.checked = statuses.includes(box.value);
}

async function show() {
  const params = new URLSearchParams(location.search);
  fillForm(params);
  const r = await api('GET', `/v1/management/appointments?${apiQuery(params)}`);
  if (!r.ok) {
    showFieldError($('filters'), r.json?.error ?? { message: 'Could not list appointments.' });
    return;
  }
  showFieldError($('filters'), null);
  const rows = r.json.data.map((a) => {
    const tr = document.createElement('tr');
    tr.dataset.appointmentUid = a.appointment_uid;
    const cells = [when(a.start), a.status.replace('_', '-'), a.doctor_uid === null ? 'Pool (no doctor yet)' : doctors.get(a.doctor_uid) ?? a.doctor_uid, a.patient_profile_uid];
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    const td = document.createElement('td');
    const link = document.createElement('a');
    link.href = `/admin/appointment#${encodeURIComponent(a.appointment_uid)}`;
    link.textContent = 'Open';
    link.setAttribute('aria-label', `Open the appointment at ${when(a.start)}`);
    td.append(link);
    tr.append(td);
    return tr;
  });
  $('rows').replaceChildren(...rows);
  $('empty').hidden = rows.length > 0;
  const next = $('next');
  next.hidden = !r.json.next_cursor;
  if (r.json.next_cursor) {
    const p = new URLSearchParams(params);
    p.set('cursor', r.json.next_cursor);
    next.href = `?${p}`;
  }
}

async function start() {
  if (!(await adminSession())) return;
  const [shops, docs] = await Promise.all([
    api('GET', '/v1/management/shops?limit=200'),
    api('GET', '/v1/management/doctors?limit=200'),
  ]);
  for (const s of shops.json?.data ?? []) $('f-shop').append(option(s.shop_uid, s.name));
  for (const d of docs.json?.data ?? []) {
    doctors.set(d.doctor_uid, d.name);
    $('f-doctor').append(option(d.doctor_uid, d.name));
  }
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = $('filters');
    const p = new URLSearchParams();
    for (const k of ['shop_uid', 'doctor_uid', 'patient_profile_uid', 'from', 'to']) {
      const v = form.elements[k].value.trim();
      if (v) p.set(k, v);
    }
    const statuses = [...form.querySelectorAll('input[name="status"]:checked')].map((b) => b.value);
    if (statuses.length) p.set('status', statuses.join(','));
    history.pushState(null, '', `?${p}`);
    show();
  });
  window.addEventListener('popstate', show);
  show();
}

start();
