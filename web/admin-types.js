// Appointment types for admins: the list, and a new type with its notice
// rules, payment modes and reminder rules. The API's error for a field is
// shown next to it.
import { $, api, announce, adminSession, showFieldError, cell } from '/portal.js';

function reminderText(r) {
  const how = [r.send_email && 'email', r.send_sms && 'SMS'].filter(Boolean).join(' + ') || 'event only';
  return `${r.recipient}, ${r.minutes_before} min before (${how})`;
}

async function loadTypes() {
  const r = await api('GET', '/v1/management/appointment-types?limit=200');
  if (!r.ok) return;
  $('types').replaceChildren(
    ...r.json.data.map((t) => {
      const tr = document.createElement('tr');
      tr.dataset.typeUid = t.appointment_type_uid;
      const reminders = document.createElement('td');
      if (t.reminders.length) {
        const ul = document.createElement('ul');
        for (const rule of t.reminders) {
          const li = document.createElement('li');
          li.textContent = reminderText(rule);
          ul.append(li);
        }
        reminders.append(ul);
      } else {
        reminders.textContent = 'none';
      }
      tr.append(
        cell(t.name),
        cell(String(t.duration_minutes)),
        cell(`${t.min_booking_notice_minutes} / ${t.min_cancel_notice_minutes} / ${t.min_rebook_notice_minutes}`),
        cell(t.payment_modes.join(', ')),
        reminders,
      );
      return tr;
    }),
  );
}

let reminderCount = 0;

function reminderRow() {
  reminderCount += 1;
  const n = reminderCount;
  const row = document.createElement('div');
  row.className = 'row reminder';
  row.innerHTML = `<label>Who <select class="r-recipient"><option value="patient">patient</option><option value="doctor">doctor</option><option value="admin">admins</option></select></label>
    <label>Minutes before <input class="r-minutes" type="number" min="0" value="1440" inputmode="numeric"></label>
    <label><input class="r-email" type="checkbox" checked> email</label>
    <label><input class="r-sms" type="checkbox"> SMS</label>
    <button type="button">Remove</button>`;
  for (const el of row.querySelectorAll('select, input')) el.id = `${el.className}-${n}`;
  row.querySelector('button').setAttribute('aria-label', `Remove reminder ${n}`);
  row.querySelector('button').addEventListener('click', () => row.remove());
  return row;
}

const number = (id) => {
  const v = $(id).value.trim();
  return v === '' ? undefined : Number(v);
};

function body() {
  return {
    name: $('name').value,
    duration_minutes: number('duration_minutes'),
    hold_ttl_seconds: number('hold_ttl_seconds'),
    min_booking_notice_minutes: number('min_booking_notice_minutes'),
    min_cancel_notice_minutes: number('min_cancel_notice_minutes'),
    min_rebook_notice_minutes: number('min_rebook_notice_minutes'),
    rebooking_mode: $('rebooking_mode').value,
    payment_modes: [...document.querySelectorAll('input[name="payment_modes"]:checked')].map((c) => c.value),
    reminders: [...document.querySelectorAll('.reminder')].map((row) => ({
      recipient: row.querySelector('.r-recipient').value,
      minutes_before: Number(row.querySelector('.r-minutes').value),
      send_email: row.querySelector('.r-email').checked,
      send_sms: row.querySelector('.r-sms').checked,
    })),
  };
}

async function start() {
  if (!(await adminSession())) return;
  $('add-reminder').addEventListener('click', () => {
    const row = reminderRow();
    $('reminders').append(row);
    row.querySelector('select').focus();
  });
  $('type-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await api('POST', '/v1/management/appointment-types', body());
    if (!r.ok) {
      showFieldError($('type-form'), r.json?.error ?? { message: 'Could not create the type.' });
      return;
    }
    showFieldError($('type-form'), null);
    $('type-form').reset();
    $('reminders').replaceChildren();
    announce(`${r.json.name} is created.`);
    await loadTypes();
  });
  await loadTypes();
}

start();
