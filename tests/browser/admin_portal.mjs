// Headless-browser test of the admin portal (web/admin.html and
// web/admin/appointment.html), signed in with a link from the local outbox.
//
//   FRONTDESK_URL=… FRONTDESK_API_KEY=fdk_… FRONTDESK_ADMIN_EMAIL=…
//   FRONTDESK_STAFF_UID=stf_… FRONTDESK_DOCTOR_UID=doc_…
//   FRONTDESK_APPOINTMENTS=apt_…,apt_…  node --test tests/browser/admin_portal.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { apiWith, axe, env } from './lib.mjs';

const BASE = env('FRONTDESK_URL').replace(/\/+$/, '');
const KEY = env('FRONTDESK_API_KEY');
const EMAIL = env('FRONTDESK_ADMIN_EMAIL');
const STAFF = env('FRONTDESK_STAFF_UID');
const DOCTOR = env('FRONTDESK_DOCTOR_UID');
const [FIRST, SECOND] = env('FRONTDESK_APPOINTMENTS').split(',');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO, 'target', 'browser');
const api = apiWith(BASE, KEY);

async function signInLink() {
  const before = new Set((await api('GET', '/v1/management/messages?limit=200')).json.data.map((m) => m.message_id));
  const asked = await fetch(`${BASE}/v1/auth/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: EMAIL }) });
  assert.equal(asked.status, 202);
  for (let i = 0; i < 100; i++) {
    const m = (await api('GET', '/v1/management/messages?limit=200')).json.data.find(
      (x) => !before.has(x.message_id) && x.recipient === `staff:${STAFF}` && x.status === 'stored_locally',
    );
    if (m) return m.body.match(/(https?:\/\/\S+\/sign-in#token=\S+)/)[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no sign-in link reached the local outbox');
}

// A partner's booking token (HS256 JWT), as any JWT library mints it.
function mint(kid, secret) {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64({ sub: 'customer-admin-test', aud: 'frontdesk-booking', iat: now, exp: now + 600 })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

try {
  await test('an admin signs in, filters the overview, cancels with a reason and rebooks', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(await signInLink(), { waitUntil: 'load' });
      await page.waitForURL(`${BASE}/admin`, { timeout: 10000 });
      await page.locator('#filters').waitFor({ state: 'visible', timeout: 10000 });

      // Filter: this doctor, confirmed only. The filters go into the URL.
      await page.locator('#f-doctor').selectOption(DOCTOR);
      await page.locator('input[name="status"][value="confirmed"]').check();
      await page.locator('#filters button[type="submit"]').click();
      await page.waitForFunction(() => new URL(location.href).searchParams.get('status') === 'confirmed', null, { timeout: 5000 });
      assert.equal(new URL(page.url()).searchParams.get('doctor_uid'), DOCTOR);
      await page.locator(`tr[data-appointment-uid="${FIRST}"]`).waitFor({ timeout: 5000 });
      await page.locator(`tr[data-appointment-uid="${SECOND}"]`).waitFor({ timeout: 5000 });
      await axe(page, 'admin overview');
      await mkdir(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, 'admin-desktop.png'), fullPage: true });
      // The view survives a reload: the filters were in the URL.
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('input[name="status"][value="confirmed"]').checked, null, { timeout: 5000 });
      assert.equal(await page.locator('#f-doctor').inputValue(), DOCTOR);

      // Cancel the first: a reason is required.
      await page.locator(`tr[data-appointment-uid="${FIRST}"] a`).click();
      await page.locator('#cancel-form').waitFor({ state: 'visible', timeout: 10000 });
      await axe(page, 'appointment detail');
      await page.locator('#cancel-form button[type="submit"]').click();
      assert.match(await page.locator('#reason-error').textContent(), /reason/i);
      await page.locator('#reason').fill('Doctor unwell');
      await page.locator('#cancel-form button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('facts').dataset.status === 'cancelled', null, { timeout: 5000 });
      const cancelled = await api('GET', `/v1/management/appointments/${FIRST}`);
      assert.equal(cancelled.json.status, 'cancelled');
      assert.equal(cancelled.json.cancellation_reason, 'Doctor unwell');

      // Rebook the second to a free slot from the live search.
      await page.goto(`${BASE}/admin/appointment#${SECOND}`, { waitUntil: 'load' });
      await page.locator('#find').waitFor({ state: 'visible', timeout: 10000 });
      await page.locator('#find').click();
      await page.locator('input[name="slot"]').first().waitFor({ timeout: 5000 });
      const chosen = await page.locator('input[name="slot"]:checked').getAttribute('value');
      await page.locator('#rebook-form button[type="submit"]').click();
      await page.waitForFunction((old) => location.hash !== `#${old}` && location.hash.length > 1, SECOND, { timeout: 5000 });
      const moved = await api('GET', `/v1/management/appointments/${SECOND}`);
      assert.equal(moved.json.cancellation_reason, 'rebooked');
      const fresh = await api('GET', `/v1/management/appointments/${moved.json.rebooked_to}`);
      assert.equal(Date.parse(fresh.json.start), Date.parse(chosen));
      assert.equal(fresh.json.previous_meeting_uid, SECOND);
      await page.waitForFunction((old) => document.getElementById('chain').textContent.includes(old), SECOND, { timeout: 5000 });

      // Booking secrets: create, reveal, and a token minted with it works
      // until the secret is revoked, then gets 401.
      await page.goto(`${BASE}/admin/settings`, { waitUntil: 'load' });
      await page.locator('#create-form').waitFor({ state: 'visible', timeout: 10000 });
      await page.locator('#secret-name').fill('Storefront');
      await page.locator('#create-form button[type="submit"]').click();
      const row = page.locator('#secrets tr', { hasText: 'Storefront' });
      await row.waitFor({ timeout: 5000 });
      const kid = await row.getAttribute('data-key-id');
      await row.locator('button', { hasText: 'Reveal' }).click();
      const secret = (await page.locator('#secret-value').textContent()).trim();
      await axe(page, 'admin settings');
      const token = mint(kid, secret);
      const asPatient = () => fetch(`${BASE}/v1/booking/appointments`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal((await asPatient()).status, 200);
      await row.locator('button', { hasText: 'Revoke' }).click();
      await page.locator('#secrets tr', { hasText: 'Storefront' }).locator('button', { hasText: 'Confirm revoke' }).click();
      await page.locator('#secrets tr', { hasText: 'Storefront' }).locator('td', { hasText: 'revoked' }).waitFor({ timeout: 5000 });
      assert.equal((await asPatient()).status, 401);

      // API keys: no scope is the API's error by the field; a key made
      // here works until revoked here.
      await page.locator('#key-name').fill('Front desk');
      await page.locator('#key-form button[type="submit"]').click();
      await page.waitForFunction(() => document.querySelector('#key-form [data-error-for="scopes"]').textContent.length > 0, null, { timeout: 5000 });
      await page.locator('#key-scopes input[value="waiting_room:read"]').check();
      await page.locator('#key-form button[type="submit"]').click();
      const newKey = (await page.locator('#new-key-value').textContent({ timeout: 5000 })).trim();
      const withKey = () => fetch(`${BASE}/v1/management/appointments/${FIRST}`, { headers: { 'X-API-Key': newKey } });
      assert.equal((await withKey()).status, 403, 'waiting_room:read does not read appointments');
      const keyRow = page.locator('#keys tr', { hasText: 'Front desk' });
      await keyRow.locator('button', { hasText: 'Revoke' }).click();
      await page.locator('#keys tr', { hasText: 'Front desk' }).locator('button', { hasText: 'Confirm revoke' }).click();
      await page.locator('#keys tr', { hasText: 'Front desk' }).locator('td', { hasText: 'revoked' }).waitFor({ timeout: 5000 });
      assert.equal((await withKey()).status, 401, 'a revoked key is refused');

      // Staff: an invitation checked by the API, then a deactivation; the
      // audit log shows the admin's own sign-in.
      await page.locator('#invite-email').fill('not an email');
      await page.locator('#invite-name').fill('Dr Invited');
      await page.locator('#invite-role').selectOption('doctor');
      await page.locator('#invite-doctor').selectOption(DOCTOR);
      await page.locator('#invite-form button[type="submit"]').click();
      await page.waitForFunction(() => document.querySelector('[data-error-for="email"]').textContent.length > 0, null, { timeout: 5000 });
      await page.locator('#invite-email').fill('invited@portal.example');
      await page.locator('#invite-form button[type="submit"]').click();
      const invited = page.locator('#staff tr', { hasText: 'invited@portal.example' });
      await invited.waitFor({ timeout: 5000 });
      await invited.locator('button', { hasText: 'Deactivate' }).click();
      await page.locator('#staff tr', { hasText: 'invited@portal.example' }).locator('td', { hasText: 'deactivated' }).waitFor({ timeout: 5000 });
      await page.locator('#audit tr', { hasText: 'staff.signed_in' }).first().waitFor({ timeout: 5000 });

      // A doctor's mobile phone, edited from the doctor's page.
      await page.locator('#doctors a').first().click();
      await page.locator('#form').waitFor({ state: 'visible', timeout: 10000 });
      await axe(page, 'admin doctor detail');
      await page.locator('#mobile_phone').fill('call me maybe');
      await page.locator('#form button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('phone-error').textContent.length > 0, null, { timeout: 5000 });
      await page.locator('#mobile_phone').fill('+49 151 23456789');
      await page.locator('#form button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('announce').textContent === 'Saved: +4915123456789.', null, { timeout: 5000 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
  await test('patients, appointment types and notification subscriptions', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(await signInLink(), { waitUntil: 'load' });
      await page.waitForURL(`${BASE}/admin`, { timeout: 10000 });
      const run = Date.now().toString(36);

      // A new record: the API's error for the phone shows by the contact
      // fields, then the record is made with seed 002's fields.
      await page.locator('nav a', { hasText: 'Patients' }).click();
      await page.locator('#search').waitFor({ state: 'visible', timeout: 10000 });
      await axe(page, 'admin patient search');
      await page.locator('a', { hasText: 'New patient record' }).click();
      await page.locator('#record').waitFor({ state: 'visible', timeout: 10000 });
      await page.locator('#firstName').fill('Grace');
      await page.locator('#lastName').fill('Hopper');
      await page.locator('#birthDate').fill('1956-12-09');
      await page.locator('#gender').selectOption('female');
      await page.locator('#mrn').fill(`MRN-${run}`);
      await page.locator('#preferredLanguage').fill('Spanish');
      await page.locator('#phone').fill('not a phone');
      await page.locator('#city').fill('Arlington');
      await page.locator('#add-identifier').click();
      await page.locator('.id-system').fill('SPID');
      await page.locator('.id-value').fill(run);
      await page.locator('#save').click();
      await page.waitForFunction(() => document.querySelector('[data-error-for="telecom"]').textContent.length > 0, null, { timeout: 5000 });
      assert.equal(await page.locator('#phone').getAttribute('aria-invalid'), 'true', 'the phone is marked');
      await page.locator('#phone').fill('+1 212 555 0142');
      await page.locator('#save').click();
      await page.waitForFunction(() => location.hash.startsWith('#pp_'), null, { timeout: 5000 });
      const patient = decodeURIComponent(new URL(page.url()).hash.slice(1));
      let stored = (await api('GET', `/v1/management/patients/${patient}`)).json;
      assert.equal(stored.name[0].lastName, 'Hopper');
      assert.equal(stored.birthDate, '1956-12-09');
      assert.equal(stored.preferredLanguage, 'Spanish');
      assert.equal(stored.telecom[0].value, '+12125550142');
      assert.equal(stored.address[0].city, 'Arlington');
      assert.deepEqual(stored.identifiers, [{ system: 'SPID', value: run }]);

      // Edited: only what the form changes changes.
      await page.locator('#lastName').fill('Hopper-Murray');
      await page.locator('#save').click();
      await page.waitForFunction(() => document.getElementById('announce').textContent === 'Saved.', null, { timeout: 5000 });
      stored = (await api('GET', `/v1/management/patients/${patient}`)).json;
      assert.equal(stored.name[0].lastName, 'Hopper-Murray');
      assert.deepEqual(stored.identifiers, [{ system: 'SPID', value: run }]);
      assert.equal(stored.mrn, `MRN-${run}`);

      // The patient's appointments: one booked through the API for them.
      const first = (await api('GET', `/v1/management/appointments/${FIRST}`)).json;
      const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
      const q = new URLSearchParams({ shop_uid: first.shop_uid, appointment_type_uid: first.appointment_type_uid, start_date: day(3), end_date: day(6) });
      const slot = (await api('GET', `/v1/management/slots?${q}`)).json.slots[0];
      const booked = await api('POST', '/v1/management/appointments', {
        shop_uid: first.shop_uid, doctor_uid: slot.doctor_uid ?? first.doctor_uid, appointment_type_uid: first.appointment_type_uid,
        patient_profile_uid: patient, start: slot.start, payment_mode: 'at_clinic', status: 'confirmed',
      });
      assert.equal(booked.status, 201, booked.text);
      for (let i = 0; i < 50; i++) {
        await page.reload({ waitUntil: 'load' });
        await page.locator('#visits').waitFor({ state: 'visible', timeout: 10000 });
        if (await page.locator(`#upcoming a[href$="${booked.json.appointment_uid}"]`).count()) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await page.locator(`#upcoming a[href$="${booked.json.appointment_uid}"]`).waitFor({ timeout: 1000 });
      assert.ok(await page.locator('#no-past').isVisible(), 'no past visits yet');
      await axe(page, 'admin patient detail');
      await mkdir(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, 'admin-patient-desktop.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SHOT_DIR, 'admin-patient-phone.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });

      // Search: by a number in another format, by MRN, by identifier; a
      // bad number is the API's error by the field.
      await page.goto(`${BASE}/admin/patients`, { waitUntil: 'load' });
      await page.locator('#search').waitFor({ state: 'visible', timeout: 10000 });
      await page.locator('#term').fill('+1 (212) 555-0142');
      await page.locator('#search button[type="submit"]').click();
      await page.locator(`#rows tr[data-patient-uid="${patient}"]`).waitFor({ timeout: 5000 });
      await page.locator('#by').selectOption('mrn');
      await page.locator('#term').fill(`MRN-${run}`);
      await page.locator('#search button[type="submit"]').click();
      await page.waitForFunction((p) => document.querySelectorAll('#rows tr').length === 1 && document.querySelector(`#rows tr[data-patient-uid="${p}"]`), patient, { timeout: 5000 });
      await page.locator('#by').selectOption('identifier');
      await page.locator('#identifier_system').fill('SPID');
      await page.locator('#term').fill(run);
      await page.locator('#search button[type="submit"]').click();
      await page.locator(`#rows tr[data-patient-uid="${patient}"]`).waitFor({ timeout: 5000 });
      await page.locator('#by').selectOption('phone');
      await page.locator('#term').fill('abc');
      await page.locator('#search button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('search-error').textContent.length > 0, null, { timeout: 5000 });
      assert.equal(await page.locator('#term').getAttribute('aria-invalid'), 'true');

      // An appointment type with reminder rules; a bad notice is refused
      // by its field.
      await page.locator('nav a', { hasText: 'Appointment types' }).click();
      await page.locator('#type-form').waitFor({ state: 'visible', timeout: 10000 });
      await page.locator('#name').fill(`Follow-up ${run}`);
      await page.locator('#duration_minutes').fill('20');
      await page.locator('#min_cancel_notice_minutes').fill('-5');
      await page.locator('#add-reminder').click();
      await page.locator('#add-reminder').click();
      await page.locator('.reminder').nth(1).locator('.r-recipient').selectOption('doctor');
      await page.locator('.reminder').nth(1).locator('.r-minutes').fill('60');
      await page.locator('.reminder').nth(1).locator('.r-sms').check();
      await page.locator('#type-form button[type="submit"]').click();
      await page.waitForFunction(() => document.querySelector('[data-error-for="min_cancel_notice_minutes"]').textContent.length > 0, null, { timeout: 5000 });
      await page.locator('#min_cancel_notice_minutes').fill('120');
      await page.locator('#type-form button[type="submit"]').click();
      const typeRow = page.locator('#types tr', { hasText: `Follow-up ${run}` });
      await typeRow.waitFor({ timeout: 5000 });
      const typeUid = await typeRow.getAttribute('data-type-uid');
      const made = (await api('GET', `/v1/management/appointment-types/${typeUid}`)).json;
      assert.equal(made.duration_minutes, 20);
      assert.equal(made.min_cancel_notice_minutes, 120);
      assert.deepEqual(made.reminders, [
        { recipient: 'patient', minutes_before: 1440, send_email: true, send_sms: false },
        { recipient: 'doctor', minutes_before: 60, send_email: true, send_sms: true },
      ]);
      await axe(page, 'admin appointment types');

      // A subscription: made (its secret shown once), edited, and its
      // delivery log shows an event with its attempts; redeliver queues it
      // again.
      await page.locator('nav a', { hasText: 'Notifications' }).click();
      await page.locator('#sub-form').waitFor({ state: 'visible', timeout: 10000 });
      await page.locator('#url').fill('ftp://example.org/hook');
      await page.locator('#events input[value="patient:updated"]').check();
      await page.locator('#save').click();
      await page.waitForFunction(() => document.querySelector('[data-error-for="url"]').textContent.length > 0, null, { timeout: 5000 });
      await page.locator('#url').fill('http://127.0.0.1:9/hook');
      await page.locator('#save').click();
      await page.locator('#secret-value').waitFor({ timeout: 5000 });
      assert.match(await page.locator('#secret-value').textContent(), /^whsec_/);
      const subRow = page.locator('#subscriptions tr', { hasText: '127.0.0.1:9' });
      await subRow.waitFor({ timeout: 5000 });
      const subId = await subRow.getAttribute('data-subscription-id');
      await subRow.locator('button', { hasText: 'Edit' }).click();
      await page.locator('#events input[value="patient:created"]').check();
      await page.locator('#save').click();
      await page.waitForFunction(() => document.getElementById('announce').textContent === 'The subscription is saved.', null, { timeout: 5000 });
      const sub = (await api('GET', `/v1/management/webhook-subscriptions/${subId}`)).json;
      assert.deepEqual(sub.event_types.sort(), ['patient:created', 'patient:updated']);
      // An event for it: the record edited again through the API.
      assert.equal((await api('PATCH', `/v1/management/patients/${patient}`, { maritalStatus: 'married' })).status, 200);
      let delivery = null;
      for (let i = 0; i < 100 && !delivery; i++) {
        const log = (await api('GET', `/v1/management/webhook-subscriptions/${subId}/deliveries`)).json.data;
        delivery = log.find((d) => d.attempts.length > 0);
        if (!delivery) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(delivery, 'the delivery was attempted');
      await page.locator('#subscriptions tr', { hasText: '127.0.0.1:9' }).locator('button', { hasText: 'Delivery log' }).click();
      const deliveryRow = page.locator(`#deliveries tr[data-delivery-id="${delivery.delivery_id}"]`);
      await deliveryRow.waitFor({ timeout: 5000 });
      assert.ok((await deliveryRow.locator('li').count()) >= 1, 'each attempt is listed');
      await axe(page, 'admin notifications');
      await deliveryRow.locator('button', { hasText: 'Redeliver' }).click();
      await page.waitForFunction(() => /queued again/.test(document.getElementById('announce').textContent), null, { timeout: 5000 });
      let again = null;
      for (let i = 0; i < 100; i++) {
        again = (await api('GET', `/v1/management/webhook-subscriptions/${subId}/deliveries`)).json.data.find((d) => d.delivery_id === delivery.delivery_id);
        if (again.attempts.length > delivery.attempts.length) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(again.attempts.length > delivery.attempts.length, `redelivered at once: ${JSON.stringify(again)}`);
      await page.screenshot({ path: path.join(SHOT_DIR, 'admin-notifications-desktop.png'), fullPage: true });
      // Tidy: no more deliveries to a closed port for later tests.
      assert.equal((await api('DELETE', `/v1/management/webhook-subscriptions/${subId}`)).status, 200);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
} finally {
  await browser.close();
}
