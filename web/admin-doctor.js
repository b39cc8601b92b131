// A doctor for an admin: their availability, read-only as seed 001 wants
// (doctors keep their own), and their mobile number for SMS reminders.
import { $, api, announce, adminSession, showFieldError } from '/portal.js';

const doctor = () => decodeURIComponent(location.hash.slice(1));

function item(text) {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

async function start() {
  if (!(await adminSession())) return;
  const uid = encodeURIComponent(doctor());
  const d = await api('GET', `/v1/management/doctors/${uid}`);
  if (d.ok) $('name').textContent = d.json.name;
  const a = await api('GET', `/v1/management/doctors/${uid}/availability`);
  if (a.ok) {
    $('weekly').replaceChildren(...a.json.weekly.map((w) => item(`${w.weekday}: ${w.start}–${w.end}`)));
    $('overrides').replaceChildren(
      ...a.json.overrides.map((o) => item(`${o.date}: ${o.windows.length ? o.windows.map((w) => `${w.start}–${w.end}`).join(', ') : 'away'}`)),
    );
  }
  $('form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = $('mobile_phone').value.trim();
    const r = await api('PUT', `/v1/management/doctors/${uid}/mobile-phone`, { mobile_phone: value || null });
    if (r.ok) {
      showFieldError($('form'), null);
      announce(r.json.mobile_phone ? `Saved: ${r.json.mobile_phone}.` : 'Removed: no SMS reminders.');
    } else {
      showFieldError($('form'), r.json?.error ?? { message: 'Could not save.' });
    }
  });
}

start();
