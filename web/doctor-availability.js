// The doctor's availability: weekly windows and dates that differ, edited
// as rows and saved whole (PUT replaces it). The API's validation message
// is shown next to the part it names.
import { $, api, announce, doctorSession, showFieldError } from '/portal.js';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
let me = null;
let rows = 0;

function input(type, name, label, value, extra = {}) {
  const id = `f${rows}-${name}`;
  const wrap = document.createElement('label');
  wrap.htmlFor = id;
  wrap.textContent = label;
  const el = document.createElement(type === 'select' ? 'select' : 'input');
  el.id = id;
  el.dataset.part = name;
  if (type === 'select') {
    for (const d of WEEKDAYS) {
      const o = document.createElement('option');
      o.value = d;
      o.textContent = d[0].toUpperCase() + d.slice(1);
      el.append(o);
    }
  } else el.type = type;
  Object.assign(el, extra);
  el.value = value ?? '';
  wrap.append(el);
  return wrap;
}

function removeButton(row, what) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = `Remove ${what}`;
  b.addEventListener('click', () => {
    row.remove();
    announce(`${what[0].toUpperCase()}${what.slice(1)} removed; save to keep the change.`);
  });
  return b;
}

function weeklyRow(w = { weekday: 'monday', start: '09:00', end: '17:00' }) {
  rows += 1;
  const row = document.createElement('div');
  row.className = 'row weekly';
  row.append(
    input('select', 'weekday', 'Day', w.weekday),
    input('time', 'start', 'From', w.start),
    input('time', 'end', 'To', w.end),
    removeButton(row, 'window'),
  );
  $('weekly').append(row);
  return row;
}

function overrideRow(o = { date: '', windows: [] }) {
  rows += 1;
  const row = document.createElement('div');
  row.className = 'row override';
  const first = o.windows[0];
  row.append(
    input('date', 'date', 'Date', o.date),
    input('time', 'start', 'From (empty: away)', first?.start ?? ''),
    input('time', 'end', 'To', first?.end ?? ''),
    removeButton(row, 'date'),
  );
  $('overrides').append(row);
  return row;
}

function part(row, name) {
  return row.querySelector(`[data-part="${name}"]`).value;
}

function body() {
  const weekly = [...$('weekly').children].map((r) => ({ weekday: part(r, 'weekday'), start: part(r, 'start'), end: part(r, 'end') }));
  const overrides = [...$('overrides').children].map((r) => {
    const start = part(r, 'start');
    const end = part(r, 'end');
    return { date: part(r, 'date'), windows: start || end ? [{ start, end }] : [] };
  });
  return { weekly, overrides };
}

async function start() {
  me = await doctorSession();
  if (!me) return;
  const doctor = encodeURIComponent(me.staff.doctor_uid);
  const r = await api('GET', `/v1/management/doctors/${doctor}/availability`);
  if (r.ok) {
    for (const w of r.json.weekly) weeklyRow(w);
    for (const o of r.json.overrides) overrideRow(o);
  }
  $('zone').textContent = me.shop_time_zone ?? 'local time';
  $('add-weekly').addEventListener('click', () => weeklyRow().querySelector('select').focus());
  $('add-override').addEventListener('click', () => overrideRow().querySelector('input').focus());
  $('form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const saved = await api('PUT', `/v1/management/doctors/${doctor}/availability`, body());
    if (saved.ok) {
      showFieldError($('form'), null);
      announce('Availability saved.');
    } else {
      showFieldError($('form'), saved.json?.error ?? { message: 'Could not save.' });
      announce('Not saved: see the message next to the field.');
    }
  });
}

start();
