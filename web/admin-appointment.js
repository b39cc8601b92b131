// One appointment for an admin: its facts, its history and the chain of
// appointments it replaced; cancel it with a reason, or rebook it to a
// slot from the live slot search (the type's rules decide, and the API's
// message shows when the slot has just been taken).
import { $, api, announce, adminSession, showFieldError, when } from '/portal.js';

let appointment = null;

function uid() {
  return decodeURIComponent(location.hash.slice(1));
}

function fact(term, value) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value ?? '—';
  return [dt, dd];
}

function isoDate(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function load() {
  const r = await api('GET', `/v1/management/appointments/${encodeURIComponent(uid())}`);
  if (!r.ok) {
    $('facts').replaceChildren(...fact('Error', r.json?.error?.message ?? 'Not found'));
    return;
  }
  appointment = r.json;
  const a = appointment;
  $('facts').replaceChildren(
    ...fact('Status', a.status.replace('_', '-')),
    ...fact('Start', when(a.start)),
    ...fact('Doctor', a.doctor_uid ?? 'Pool (no doctor yet)'),
    ...fact('Patient', a.patient_profile_uid),
    ...fact('Payment', a.payment_mode),
    ...fact('Cancellation reason', a.cancellation_reason),
  );
  $('facts').dataset.status = a.status;
  $('history').replaceChildren(
    ...a.history.map((h) => {
      const li = document.createElement('li');
      li.textContent = `${when(h.at)}: ${h.action} by ${h.actor}${h.detail ? ` (${h.detail})` : ''}`;
      return li;
    }),
  );
  const chain = $('chain');
  chain.hidden = !a.previous_meetings.length && !a.rebooked_to;
  chain.replaceChildren();
  if (a.previous_meetings.length) {
    chain.append('Replaced: ');
    a.previous_meetings.forEach((p, i) => {
      const link = document.createElement('a');
      link.href = `#${encodeURIComponent(p)}`;
      link.textContent = p;
      chain.append(i ? ', ' : '', link);
    });
    chain.append('. ');
  }
  if (a.rebooked_to) {
    const link = document.createElement('a');
    link.href = `#${encodeURIComponent(a.rebooked_to)}`;
    link.id = 'rebooked-to';
    link.textContent = a.rebooked_to;
    chain.append('Rebooked to ', link, '.');
  }
  $('actions').hidden = !['held', 'confirmed'].includes(a.status);
  const from = new Date();
  const to = new Date();
  to.setDate(to.getDate() + 6);
  $('r-from').value ||= isoDate(from);
  $('r-to').value ||= isoDate(to);
}

async function findSlots() {
  const form = $('rebook-form');
  const q = new URLSearchParams({
    shop_uid: appointment.shop_uid,
    appointment_type_uid: appointment.appointment_type_uid,
    start_date: $('r-from').value,
    end_date: $('r-to').value,
    ...(appointment.doctor_uid ? { doctor_uid: appointment.doctor_uid } : {}),
  });
  const r = await api('GET', `/v1/management/slots?${q}`);
  if (!r.ok) {
    showFieldError(form, r.json?.error ?? { message: 'Could not search slots.' });
    return;
  }
  showFieldError(form, null);
  const slots = r.json.slots.filter((s) => s.start !== appointment.start).slice(0, 40);
  $('no-slots').hidden = slots.length > 0;
  $('slots').replaceChildren(
    ...slots.map((s, i) => {
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'slot';
      radio.value = s.start;
      radio.dataset.doctor = s.doctor_uid;
      if (i === 0) radio.checked = true;
      label.append(radio, ` ${when(s.start)}`);
      return label;
    }),
  );
}

async function start() {
  if (!(await adminSession())) return;
  window.addEventListener('hashchange', load);
  $('find').addEventListener('click', findSlots);
  $('cancel-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const reason = $('reason').value.trim();
    if (!reason) {
      showFieldError($('cancel-form'), { field: 'reason', message: 'Give a reason: it is kept with the appointment.' });
      return;
    }
    const r = await api('POST', `/v1/management/appointments/${encodeURIComponent(uid())}/cancel`, { reason });
    if (!r.ok) {
      showFieldError($('cancel-form'), r.json?.error ?? { message: 'Could not cancel.' });
      return;
    }
    showFieldError($('cancel-form'), null);
    announce('The appointment is cancelled.');
    await load();
  });
  $('rebook-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = $('rebook-form').querySelector('input[name="slot"]:checked');
    if (!chosen) {
      showFieldError($('rebook-form'), { message: 'Find free slots, then choose one.' });
      return;
    }
    const r = await api('POST', `/v1/management/appointments/${encodeURIComponent(uid())}/rebook`, { start: chosen.value, doctor_uid: chosen.dataset.doctor });
    if (!r.ok) {
      // Taken meanwhile, or against the type's rules: the API says which.
      showFieldError($('rebook-form'), r.json?.error ?? { message: 'Could not rebook.' });
      await findSlots();
      return;
    }
    announce('Rebooked. This is the new appointment.');
    location.hash = encodeURIComponent(r.json.appointment_uid);
  });
  await load();
}

start();
