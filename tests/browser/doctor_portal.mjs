// Headless-browser test of the doctor portal (web/doctor.html), signed in
// through the sign-in page with a link from the local outbox.
//
//   FRONTDESK_URL=… FRONTDESK_API_KEY=fdk_… (admin) FRONTDESK_SHOP_UID=shop_…
//   FRONTDESK_DOCTOR_UID=doc_… FRONTDESK_DOCTOR_EMAIL=… FRONTDESK_STAFF_UID=stf_…
//   node --test tests/browser/doctor_portal.mjs
//
// The shop is the test's own. Chromium runs with fake media devices and an
// autoplay policy that lets the page play its arrival sound.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { apiWith, axe, env } from './lib.mjs';

const BASE = env('FRONTDESK_URL').replace(/\/+$/, '');
const KEY = env('FRONTDESK_API_KEY');
const SHOP = env('FRONTDESK_SHOP_UID');
const DOCTOR = env('FRONTDESK_DOCTOR_UID');
const EMAIL = env('FRONTDESK_DOCTOR_EMAIL');
const STAFF = env('FRONTDESK_STAFF_UID');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO, 'target', 'browser');
const api = apiWith(BASE, KEY);

// A fresh sign-in link for the doctor, taken from the local outbox.
async function signInLink() {
  const before = new Set((await api('GET', '/v1/management/messages?limit=200')).json.data.map((m) => m.message_id));
  const asked = await fetch(`${BASE}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: EMAIL }),
  });
  assert.equal(asked.status, 202);
  for (let i = 0; i < 100; i++) {
    const messages = (await api('GET', '/v1/management/messages?limit=200')).json.data;
    const m = messages.find((x) => !before.has(x.message_id) && x.recipient === `staff:${STAFF}` && x.status === 'stored_locally');
    if (m) return m.body.match(/(https?:\/\/\S+\/sign-in#token=\S+)/)[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no sign-in link reached the local outbox');
}

async function shoot(page, name) {
  await mkdir(SHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), fullPage: true });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
  ],
});

try {
  await test('a doctor signs in by link, sees a patient arrive live, takes them and completes', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));

      // The sign-in page spends the link and sends a doctor to their day.
      const link = await signInLink();
      await page.goto(link, { waitUntil: 'load' });
      await page.waitForURL(`${BASE}/doctor`, { timeout: 10000 });
      await page.waitForFunction(() => document.getElementById('live')?.dataset.state === 'live', null, { timeout: 10000 });
      assert.equal(await page.locator('#who').textContent(), 'Dr Portal');
      // The link is spent: opening it again fails.
      const again = await context.newPage();
      await again.goto(link, { waitUntil: 'load' });
      await again.waitForFunction(() => /used, expired or unknown/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 10000 });
      await again.close();

      // Online, by keyboard.
      await page.locator('#presence').focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('presence').getAttribute('aria-pressed') === 'true', null, { timeout: 5000 });
      await page.locator('#sound').click();
      assert.equal(await page.locator('#sound').getAttribute('aria-pressed'), 'true');
      await axe(page, 'doctor portal, empty');

      // A patient registers through the API and appears without a reload.
      const before = await page.evaluate(() => { window.__marker = 1; return document.body.dataset.lastSound ?? ''; });
      const reg = await api('POST', '/v1/management/waiting-room/register', {
        shop_uid: SHOP, patient_profile_uid: `pp-portal-${Date.now().toString(36)}`, visit_reason: 'Sore throat', preferred_doctor_uid: DOCTOR,
      });
      assert.equal(reg.status, 201, reg.text);
      const row = page.locator(`li[data-queue-uid="${reg.json.queue_uid}"]`);
      await row.waitFor({ timeout: 5000 });
      assert.match(await row.textContent(), /Sore throat/);
      assert.match(await row.textContent(), /Asked for you/);
      assert.equal(await page.evaluate(() => window.__marker), 1, 'no reload');
      await page.waitForFunction((b) => (document.body.dataset.lastSound ?? '') !== b, before, { timeout: 5000 });
      await axe(page, 'doctor portal, one waiting');
      await shoot(page, 'doctor-desktop');
      await page.setViewportSize({ width: 390, height: 844 });
      await shoot(page, 'doctor-phone');
      await page.setViewportSize({ width: 1280, height: 800 });

      // The patient's wait page, open meanwhile.
      const patient = await context.newPage();
      await patient.goto(reg.json.wait_page_url, { waitUntil: 'load' });
      await patient.waitForFunction(() => document.getElementById('connection')?.textContent === 'Live', null, { timeout: 10000 });
      assert.equal(await patient.locator('#clinic').textContent(), 'Portal shop', 'the clinic name shows');
      // The page speaks German and Spanish too; the choice is the patient's.
      await patient.locator('#lang').selectOption('de');
      assert.equal(await patient.locator('h1').textContent(), 'Wartezimmer');
      assert.equal(await patient.locator('.position-pre').textContent(), 'Sie sind Nummer');
      assert.equal(await patient.evaluate(() => document.documentElement.lang), 'de');
      await patient.locator('#lang').selectOption('es');
      assert.equal(await patient.locator('#check-start').textContent(), 'Probar cámara y micrófono');
      await axe(patient, 'wait page in Spanish');
      await patient.locator('#lang').selectOption('en');
      assert.equal(await patient.locator('h1').textContent(), 'Waiting room');
      // The patient enables the chime and tests camera and microphone
      // (Chromium's fake devices): their preview, and a level that moves.
      await patient.locator('#sound-toggle').click();
      assert.equal(await patient.locator('#sound-toggle').getAttribute('aria-pressed'), 'true');
      await patient.locator('#check-start').click();
      await patient.locator('#preview').waitFor({ state: 'visible', timeout: 5000 });
      await patient.waitForFunction(() => Number(document.getElementById('mic-level').getAttribute('data-peak') || 0) > 0, null, { timeout: 10000 });
      await axe(patient, 'wait page, testing devices');

      // Take next: the room opens in a new tab, and the wait page shows Join
      // within a second.
      // The room opens through the doctor's visit link.
      const visit = context.waitForEvent('request', { predicate: (r) => new URL(r.url()).pathname.startsWith('/v1/visit/'), timeout: 10000 });
      const [room] = await Promise.all([
        context.waitForEvent('page', { timeout: 10000 }),
        page.locator('#take-next').click(),
      ]);
      const clicked = Date.now();
      await patient.locator('#join').waitFor({ state: 'visible', timeout: 5000 });
      const took = Date.now() - clicked;
      assert.ok(took < 1000, `the wait page showed Join ${took} ms after Take next`);
      await patient.waitForFunction(() => document.body.hasAttribute('data-chimed'), null, { timeout: 2000 });
      assert.equal(await patient.title(), 'Doctor ready · Frontdesk');
      assert.equal(await patient.locator('#preview').isHidden(), true, 'the test stops so the call can have the camera');
      await page.waitForFunction(() => !document.getElementById('current').hidden, null, { timeout: 5000 });
      const opened = await visit;
      assert.equal(opened.frame().page(), room, 'the visit link opened in the new tab');
      await room.close();

      // Complete ends the visit.
      await page.locator('#complete').click();
      await page.waitForFunction(() => document.getElementById('current').hidden, null, { timeout: 5000 });
      const status = await api('GET', `/v1/management/waiting-room/${reg.json.queue_uid}/status`);
      assert.equal(status.json.status, 'completed', status.text);
      // A doctor's session opens no admin page (and the routes say 403).
      await page.goto(`${BASE}/admin`, { waitUntil: 'load' });
      await page.waitForFunction(() => /for admins/.test(document.getElementById('signed-out').textContent), null, { timeout: 5000 });
      assert.equal(await page.locator('#filters').isHidden(), true);
      const shops = await page.evaluate(async () => (await fetch('/v1/management/shops')).status);
      assert.equal(shops, 403);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  await test('the doctor edits availability and their mobile phone, with the API\'s messages next to the fields', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(await signInLink(), { waitUntil: 'load' });
      await page.waitForURL(`${BASE}/doctor`, { timeout: 10000 });

      await page.goto(`${BASE}/doctor/availability`, { waitUntil: 'load' });
      await page.locator('#form').waitFor({ state: 'visible', timeout: 10000 });
      await axe(page, 'availability page');
      await page.locator('#add-weekly').click();
      const row = page.locator('#weekly .row').last();
      await row.locator('select').selectOption('tuesday');
      await row.locator('[data-part="start"]').fill('17:00');
      await row.locator('[data-part="end"]').fill('09:00');
      await page.locator('#form button[type="submit"]').click();
      const error = page.locator('[data-error-for="weekly"]');
      await page.waitForFunction(() => document.querySelector('[data-error-for="weekly"]').textContent.length > 0, null, { timeout: 5000 });
      const shown = await error.textContent();
      assert.match(shown, /weekly|end|start/i, `the API's message: ${shown}`);
      await row.locator('[data-part="start"]').fill('09:00');
      await row.locator('[data-part="end"]').fill('17:00');
      await page.locator('#form button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('announce').textContent === 'Availability saved.', null, { timeout: 5000 });
      const stored = await api('GET', `/v1/management/doctors/${DOCTOR}/availability`);
      assert.deepEqual(stored.json.weekly, [{ weekday: 'tuesday', start: '09:00', end: '17:00' }]);
      await shoot(page, 'doctor-availability-phone');

      await page.goto(`${BASE}/doctor/settings`, { waitUntil: 'load' });
      await page.locator('#form').waitFor({ state: 'visible', timeout: 10000 });
      await axe(page, 'settings page');
      await page.locator('#mobile_phone').fill('not a phone');
      await page.locator('#form button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('phone-error').textContent.length > 0, null, { timeout: 5000 });
      assert.equal(await page.locator('#mobile_phone').getAttribute('aria-invalid'), 'true');
      await page.locator('#mobile_phone').fill('+49 151 23456789');
      await page.locator('#form button[type="submit"]').click();
      await page.waitForFunction(() => document.getElementById('mobile_phone').value === '+4915123456789', null, { timeout: 5000 });
      assert.equal(await page.locator('#phone-error').textContent(), '');
    } finally {
      await context.close();
    }
  });

  await test("the doctor's appointments of a day: check in, complete, and a no-show refused before the start", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(await signInLink(), { waitUntil: 'load' });
      await page.waitForURL(`${BASE}/doctor`, { timeout: 10000 });
      await page.locator('#day-date').waitFor({ state: 'visible', timeout: 10000 });
      // The doctor opens their week, from their own session.
      const weekly = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((weekday) => ({ weekday, start: '08:00', end: '12:00' }));
      const set = await page.evaluate(async ([doctor, weekly]) => {
        const r = await fetch(`/v1/management/doctors/${doctor}/availability`, {
          method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ weekly }),
        });
        return r.status;
      }, [DOCTOR, weekly]);
      assert.equal(set, 200);
      const type = await api('POST', '/v1/management/appointment-types', { name: 'Day list', duration_minutes: 30 });
      assert.equal(type.status, 201, type.text);
      const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
      const q = new URLSearchParams({ shop_uid: SHOP, appointment_type_uid: type.json.appointment_type_uid, start_date: tomorrow, end_date: tomorrow, doctor_uid: DOCTOR });
      const slots = (await api('GET', `/v1/management/slots?${q}`)).json.slots;
      assert.ok(slots.length >= 2, `two free slots tomorrow: ${JSON.stringify(slots)}`);
      const booked = [];
      for (const [i, slot] of slots.slice(0, 2).entries()) {
        const r = await api('POST', '/v1/management/appointments', {
          shop_uid: SHOP, doctor_uid: DOCTOR, appointment_type_uid: type.json.appointment_type_uid,
          patient_profile_uid: `pp-day-${i}-${Date.now()}`, start: slot.start, payment_mode: 'at_clinic', status: 'confirmed',
        });
        assert.equal(r.status, 201, r.text);
        booked.push(r.json.appointment_uid);
      }
      // The day of the first slot, as this browser counts days.
      const day = await page.evaluate((iso) => {
        const d = new Date(iso);
        const pad = (n) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      }, slots[0].start);
      const item = (uid) => page.locator(`#day li[data-appointment-uid="${uid}"]`);
      for (let i = 0; i < 50 && (await item(booked[1]).count()) === 0; i++) {
        await page.locator('#day-date').fill(day);
        await page.locator('#day-date').dispatchEvent('change');
        await new Promise((r) => setTimeout(r, 200));
      }
      await item(booked[0]).waitFor({ timeout: 1000 });
      assert.match(await item(booked[0]).locator('.state').textContent(), /booked/);
      await axe(page, 'doctor today with appointments');

      await item(booked[0]).locator('button', { hasText: 'Check in' }).click();
      await page.waitForFunction((uid) => /checked in/.test(document.querySelector(`#day li[data-appointment-uid="${uid}"] .state`)?.textContent ?? ''), booked[0], { timeout: 5000 });
      await item(booked[0]).locator('button', { hasText: 'Complete' }).click();
      await page.waitForFunction((uid) => /completed/.test(document.querySelector(`#day li[data-appointment-uid="${uid}"] .state`)?.textContent ?? ''), booked[0], { timeout: 5000 });
      assert.equal((await api('GET', `/v1/management/appointments/${booked[0]}`)).json.status, 'completed');

      // Tomorrow's patient cannot be a no-show yet: the API says why.
      await item(booked[1]).locator('button', { hasText: 'No-show' }).click();
      await page.waitForFunction(() => document.getElementById('day-error').textContent.length > 0, null, { timeout: 5000 });
      assert.equal((await api('GET', `/v1/management/appointments/${booked[1]}`)).json.status, 'confirmed');
      await shoot(page, 'doctor-day-desktop');
    } finally {
      await context.close();
    }
  });

  await test('the sign-in page passes axe and asks for an email by keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(`${BASE}/sign-in`, { waitUntil: 'load' });
      await axe(page, 'sign-in page');
      await page.locator('#email').focus();
      await page.keyboard.type('nobody-here@example.com');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /If this address belongs/.test(document.getElementById('status').textContent), null, { timeout: 5000 });
      await shoot(page, 'sign-in-phone');
    } finally {
      await context.close();
    }
  });
} finally {
  await browser.close();
}
