// The doctor's settings: the mobile number where SMS reminders go,
// validated by the API (E.164; a number without a country code is read
// as one of the organisation's country).
import { $, api, announce, doctorSession, showFieldError } from '/portal.js';

async function start() {
  const me = await doctorSession();
  if (!me) return;
  $('mobile_phone').value = me.mobile_phone ?? '';
  $('form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = $('mobile_phone').value.trim();
    const doctor = encodeURIComponent(me.staff.doctor_uid);
    const r = await api('PUT', `/v1/management/doctors/${doctor}/mobile-phone`, { mobile_phone: value || null });
    if (r.ok) {
      showFieldError($('form'), null);
      $('mobile_phone').value = r.json.mobile_phone ?? '';
      announce(r.json.mobile_phone ? `Saved: SMS reminders go to ${r.json.mobile_phone}.` : 'Saved: no SMS reminders.');
    } else {
      showFieldError($('form'), r.json?.error ?? { message: 'Could not save.' });
    }
  });
}

start();
