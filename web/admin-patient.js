// One patient record for admins: create it, or edit it with seed 002's
// fields, and see the patient's upcoming appointments and past visits.
// Editing replaces the record with what was loaded plus the form's
// changes, so fields this form does not show (contacts, a second name or
// address, the email group) are kept as they were.
import { $, api, announce, adminSession, showFieldError, when } from '/portal.js';

const SERVER_FIELDS = ['patient_uid', 'created_at', 'updated_at'];
const TEXT_FIELDS = ['mrn', 'preferredLanguage', 'maritalStatus', 'race', 'ethnicity'];

const uid = () => decodeURIComponent(location.hash.slice(1));
let loaded = null;

const text = (id) => $(id).value.trim() || null;

function identifierRow(system = '', value = '') {
  const row = document.createElement('div');
  row.className = 'row';
  const n = $('identifiers').children.length + 1;
  row.innerHTML = `<label>System <input class="id-system" autocomplete="off"></label>
    <label>Value <input class="id-value" autocomplete="off"></label>
    <button type="button">Remove</button>`;
  const [s, v] = row.querySelectorAll('input');
  s.value = system;
  v.value = value;
  s.setAttribute('aria-label', `Identifier ${n} system`);
  v.setAttribute('aria-label', `Identifier ${n} value`);
  row.querySelector('button').setAttribute('aria-label', `Remove identifier ${n}`);
  row.querySelector('button').addEventListener('click', () => row.remove());
  return row;
}

function fill(p) {
  const name = (p.name ?? [])[0] ?? {};
  $('firstName').value = name.firstName ?? '';
  $('middleName').value = name.middleName ?? '';
  $('lastName').value = name.lastName ?? '';
  $('birthDate').value = p.birthDate ?? '';
  $('gender').value = p.gender ?? '';
  for (const f of TEXT_FIELDS) $(f).value = p[f] ?? '';
  $('active').checked = p.active !== false;
  $('phone').value = (p.telecom ?? []).find((t) => t.system === 'phone')?.value ?? '';
  $('email').value = (p.telecom ?? []).find((t) => t.system === 'email')?.value ?? '';
  const home = (p.address ?? [])[0] ?? {};
  $('line').value = (home.line ?? []).join(', ');
  for (const f of ['city', 'state', 'postalcode', 'country']) $(f).value = home[f] ?? '';
  $('identifiers').replaceChildren(...(p.identifiers ?? []).map((i) => identifierRow(i.system, i.value)));
}

/** The record to send: what was loaded, with the form's fields over it. */
function record() {
  const r = structuredClone(loaded ?? {});
  for (const f of SERVER_FIELDS) delete r[f];
  const names = r.name ?? [];
  const first = { ...(names[0] ?? { use: 'usual' }), firstName: text('firstName'), middleName: text('middleName'), lastName: text('lastName') };
  r.name = [first, ...names.slice(1)];
  r.birthDate = $('birthDate').value || null;
  r.gender = $('gender').value || null;
  for (const f of TEXT_FIELDS) r[f] = text(f);
  r.active = $('active').checked;
  // The first phone and first email are the form's; any others stay.
  const telecom = r.telecom ?? [];
  const rest = telecom.filter((t, i) => i !== telecom.findIndex((u) => u.system === t.system));
  const mine = [];
  if (text('phone')) mine.push({ use: 'mobile', system: 'phone', value: text('phone') });
  if (text('email')) mine.push({ use: 'home', system: 'email', value: text('email') });
  r.telecom = [...mine, ...rest];
  const addresses = r.address ?? [];
  const home = { ...(addresses[0] ?? { use: 'home' }) };
  home.line = text('line') ? [text('line')] : [];
  for (const f of ['city', 'state', 'postalcode', 'country']) home[f] = text(f);
  const hasAddress = home.line.length || ['city', 'state', 'postalcode', 'country'].some((f) => home[f]);
  r.address = hasAddress ? [home, ...addresses.slice(1)] : addresses.slice(1);
  r.identifiers = [...$('identifiers').querySelectorAll('.row')]
    .map((row) => ({ system: row.querySelector('.id-system').value.trim(), value: row.querySelector('.id-value').value.trim() }))
    .filter((i) => i.system || i.value);
  return r;
}

function visit(text, href) {
  const li = document.createElement('li');
  if (href) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    li.append(a);
  } else {
    li.textContent = text;
  }
  return li;
}

async function showVisits(patient) {
  const id = encodeURIComponent(patient);
  const [upcoming, past] = await Promise.all([
    api('GET', `/v1/management/appointments?patient_profile_uid=${id}`),
    api('GET', `/v1/management/patients/${id}/past-appointments`),
  ]);
  const soon = upcoming.ok ? upcoming.json.data : [];
  $('upcoming').replaceChildren(
    ...soon.map((a) => visit(`${when(a.start)} · ${a.status}`, `/admin/appointment#${encodeURIComponent(a.appointment_uid)}`)),
  );
  $('no-upcoming').hidden = soon.length > 0;
  const done = past.ok ? past.json.data : [];
  $('past').replaceChildren(
    ...done.map((a) => visit(`${when(a.start)} · ${a.doctor?.name ?? ''} · ${a.appointment_type?.name ?? ''} · ${a.shop?.name ?? ''}`,
      `/admin/appointment#${encodeURIComponent(a.appointment_uid)}`)),
  );
  $('no-past').hidden = done.length > 0;
  $('visits').hidden = false;
}

async function load() {
  const id = uid();
  if (!id) return;
  const r = await api('GET', `/v1/management/patients/${encodeURIComponent(id)}`);
  if (!r.ok) {
    announce(r.json?.error?.message ?? 'This patient could not be loaded.');
    return;
  }
  loaded = r.json;
  fill(loaded);
  $('title').textContent = `Patient: ${[loaded.name?.[0]?.firstName, loaded.name?.[0]?.lastName].filter(Boolean).join(' ') || id}`;
  $('save').textContent = 'Save changes';
  await showVisits(id);
}

async function start() {
  if (!(await adminSession())) return;
  $('add-identifier').addEventListener('click', () => {
    const row = identifierRow();
    $('identifiers').append(row);
    row.querySelector('input').focus();
  });
  $('record').addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = uid();
    const r = id
      ? await api('PUT', `/v1/management/patients/${encodeURIComponent(id)}`, record())
      : await api('POST', '/v1/management/patients', record());
    if (!r.ok) {
      showFieldError($('record'), r.json?.error ?? { message: 'Could not save the record.' });
      return;
    }
    showFieldError($('record'), null);
    loaded = r.json;
    if (!id) {
      location.hash = encodeURIComponent(r.json.patient_uid);
      await load();
      announce('Record created.');
    } else {
      fill(loaded);
      announce('Saved.');
    }
  });
  await load();
}

start();
