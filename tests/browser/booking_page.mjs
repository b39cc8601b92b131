// Headless-browser test of the hosted booking page (/book): a customer
// books with a partner's token, downloads the .ics, manages the booking
// (rebook, a cancellation refused inside the notice and one that works),
// every step checked with axe.
//
//   FRONTDESK_URL=… FRONTDESK_API_KEY=fdk_… FRONTDESK_BOOKING_KID=bk_…
//   FRONTDESK_BOOKING_SECRET=bks_… node --test tests/browser/booking_page.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { createHmac, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { apiWith, axe, env } from './lib.mjs';

const BASE = env('FRONTDESK_URL').replace(/\/+$/, '');
const KEY = env('FRONTDESK_API_KEY');
const KID = env('FRONTDESK_BOOKING_KID');
const SECRET = env('FRONTDESK_BOOKING_SECRET');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO, 'target', 'browser');
const api = apiWith(BASE, KEY);
const PHONE = { width: 390, height: 844 };

// A partner's booking token (HS256 JWT), as any JWT library mints it.
function mint(sub) {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: KID })}.${b64({ sub, aud: 'frontdesk-booking', iat: now, exp: now + 600, jti: randomUUID(), name: 'Casey Customer', email: `${sub}@example.org` })}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

/** The local outbox's messages to `recipient`, read until `ready` holds. */
async function outboxWhen(recipient, ready) {
  let mine = [];
  for (let i = 0; i < 100; i++) {
    const all = (await api('GET', '/v1/management/messages?limit=200')).json.data;
    mine = all.filter((m) => m.recipient === recipient && m.status !== 'queued');
    if (ready(mine)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return mine;
}

/** The holder's list, read until `ready` holds of it: the list is the read
 *  model, which trails a change by well under a second. */
async function mineWhen(token, ready) {
  let data = [];
  for (let i = 0; i < 100; i++) {
    data = (await fetch(`${BASE}/v1/booking/appointments`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json())).data;
    if (ready(data)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return data;
}

/** An .ics file's properties, unfolded (RFC 5545 §3.1). */
function parseIcs(text) {
  assert.ok(text.includes('\r\n'), 'lines end in CRLF');
  const props = {};
  for (const line of text.replace(/\r\n /g, '').split('\r\n').filter(Boolean)) {
    const i = line.indexOf(':');
    props[line.slice(0, i)] = line.slice(i + 1);
  }
  return props;
}

const utc = (iso) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

async function icsOf(page) {
  const link = page.locator('a.fd-ics').first();
  await page.waitForFunction(() => document.querySelector('a.fd-ics')?.href.startsWith('blob:'), null, { timeout: 5000 });
  assert.equal(await link.getAttribute('download'), 'appointment.ics');
  // Downloaded as the customer does: a click on the link.
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'appointment.ics');
  return parseIcs(await readFile(await download.path(), 'utf8'));
}

async function pickType(page, name) {
  await page.locator('.fd-types').waitFor({ timeout: 10000 });
  await page.locator('label.fd-choice', { hasText: name }).locator('input').check();
  await page.locator('.fd-types button[type="submit"]').click();
  await page.locator('button.fd-slot').first().waitFor({ timeout: 10000 });
}

// The example storefront (examples/storefront/server.mjs), on another
// origin: it mints the tokens, embeds the widget, and redirects to /book.
const STORE_PORT = 40000 + (process.pid % 10000);
const STORE = `http://127.0.0.1:${STORE_PORT}`;
const store = spawn(process.execPath, [path.join(REPO, 'examples', 'storefront', 'server.mjs')], {
  env: { ...process.env, FRONTDESK_URL: BASE, BOOKING_KID: KID, BOOKING_SECRET: SECRET, PORT: String(STORE_PORT) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve, reject) => {
  store.stdout.on('data', (d) => String(d).includes('storefront on') && resolve());
  store.on('exit', (code) => reject(new Error(`the storefront exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

try {
  await test('a customer books, adds it to their calendar, rebooks and meets the cancellation notice', async () => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, timezoneId: 'America/New_York' });
    const errors = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      // The storefront's backend mints the token and sends the customer on.
      await page.goto(`${STORE}/book?customer=journey-${Date.now()}`, { waitUntil: 'load' });
      await page.waitForURL((u) => u.href.startsWith(`${BASE}/book#token=`), { timeout: 10000 });
      const token = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token');
      await page.locator('.fd-types').waitFor({ timeout: 10000 });
      await axe(page, 'booking page: types');
      await pickType(page, 'Strict');
      // The shop's zone differs from this browser's: both are shown.
      assert.match(await page.locator('.fd-booking').textContent(), /Europe\/Berlin/);
      assert.match(await page.locator('.fd-booking').textContent(), /America\/New_York/);
      await axe(page, 'booking page: slots');
      const slot = page.locator('button.fd-slot').first();
      const start = await slot.getAttribute('data-start');
      await slot.click();
      await page.locator('.fd-countdown, .fd-error').first().waitFor({ timeout: 5000 });
      assert.equal(await page.locator('.fd-error').count(), 0, `held: ${await page.locator('.fd-booking').textContent()}`);
      assert.match(await page.locator('.fd-countdown').textContent(), /^\d+:\d\d$/);
      await axe(page, 'booking page: hold');
      await page.locator('label.fd-choice', { hasText: 'Online' }).locator('input').check();
      await page.locator('form button.fd-primary').click();
      await page.locator('h2', { hasText: 'You are booked' }).waitFor({ timeout: 5000 });
      await axe(page, 'booking page: booked');
      const mine = await mineWhen(token, (d) => d.length === 1 && d[0].status === 'confirmed');
      assert.equal(mine.length, 1);
      assert.equal(mine[0].status, 'confirmed');
      assert.equal(mine[0].payment_mode, 'online');
      const first = parseIcsCheck(await icsOf(page), mine[0], start, 0);
      // The confirmation email, once, with the same file attached.
      const recipient = `patient:${mine[0].patient_profile_uid}`;
      const booked = await outboxWhen(recipient, (m) => m.filter((x) => x.channel === 'email').length >= 1);
      assert.equal(booked.filter((x) => x.channel === 'email').length, 1, JSON.stringify(booked));
      const email = booked.find((x) => x.channel === 'email');
      assert.equal(email.status, 'stored_locally');
      assert.match(email.address, /@storefront\.example$/, 'to the address in the storefront token');
      assert.match(email.body, /is booked for/);
      assert.equal(email.attachments.length, 1);
      assert.equal(email.attachments[0].filename, 'appointment.ics');
      const attached = parseIcs(Buffer.from(email.attachments[0].content_base64, 'base64').toString('utf8'));
      assert.equal(attached.UID, first.UID);
      assert.equal(attached.DTSTART, first.DTSTART);
      await mkdir(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, 'booking-booked-phone.png'), fullPage: true });

      // Manage: rebook to another time; the calendar keeps the event.
      await page.locator('button', { hasText: 'Manage my bookings' }).last().click();
      await page.locator(`li[data-appointment-uid="${mine[0].appointment_uid}"]`).waitFor({ timeout: 5000 });
      await axe(page, 'booking page: manage');
      await page.locator('button', { hasText: 'Choose another time' }).click();
      await page.locator('button.fd-slot').first().waitFor({ timeout: 10000 });
      const next = page.locator('button.fd-slot').nth(1);
      const newStart = await next.getAttribute('data-start');
      await next.click();
      await page.locator('h2', { hasText: 'Your appointment is moved' }).waitFor({ timeout: 5000 });
      const moved = await mineWhen(token, (d) => d.length === 1 && d[0].start === newStart);
      assert.equal(moved.length, 1, JSON.stringify(moved));
      const again = parseIcsCheck(await icsOf(page), moved[0], newStart, 1);
      assert.equal(again.UID, first.UID, 'the same event to the calendar');
      const changes = await outboxWhen(recipient, (m) => m.some((x) => x.channel === 'email' && /is moved to/.test(x.body)));
      const movedMail = changes.filter((x) => x.channel === 'email' && /is moved to/.test(x.body));
      assert.equal(movedMail.length, 1, 'the change email, once');
      const movedIcs = parseIcs(Buffer.from(movedMail[0].attachments[0].content_base64, 'base64').toString('utf8'));
      assert.equal(movedIcs.UID, first.UID);
      assert.equal(movedIcs.SEQUENCE, '1');

      // Inside the type's notice a cancellation is refused with the API's words.
      await page.locator('button', { hasText: 'Manage my bookings' }).last().click();
      const item = page.locator(`li[data-appointment-uid="${moved[0].appointment_uid}"]`);
      await item.waitFor({ timeout: 5000 });
      await item.locator('button', { hasText: 'Cancel' }).click();
      await page.waitForFunction(() => /notice/.test(document.querySelector('.fd-mine .fd-error')?.textContent ?? ''), null, { timeout: 5000 });
      assert.equal((await api('GET', `/v1/management/appointments/${moved[0].appointment_uid}`)).json.status, 'confirmed');
      // Past the storefront's redirect, only Frontdesk's own origin was asked for anything.
      for (const u of requests.filter((u) => !u.startsWith(STORE))) {
        assert.ok(u.startsWith(BASE) || u.startsWith('blob:') || u.startsWith('data:'), `a third-party request: ${u}`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  await test('outside the notice a cancellation works and its .ics cancels the event', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    try {
      const page = await context.newPage();
      const customer = `customer-flex-${Date.now()}`;
      const token = mint(customer);
      await page.goto(`${BASE}/book#token=${token}`, { waitUntil: 'load' });
      // The browser's language: German.
      await page.locator('h2', { hasText: 'Termin buchen' }).waitFor({ timeout: 10000 });
      await page.locator('#lang').selectOption('en');
      await pickType(page, 'Flexible');
      await page.locator('button.fd-slot').first().click();
      await page.locator('form button.fd-primary').click();
      await page.locator('h2', { hasText: 'You are booked' }).waitFor({ timeout: 5000 });
      await page.locator('button', { hasText: 'Manage my bookings' }).last().click();
      await page.locator('.fd-mine li button', { hasText: 'Cancel' }).first().click();
      await page.locator('h2', { hasText: 'Your appointment is cancelled' }).waitFor({ timeout: 5000 });
      const ics = await icsOf(page);
      assert.equal(ics.METHOD, 'CANCEL');
      const gone = (await fetch(`${BASE}/v1/booking/appointments?status=cancelled`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json())).data;
      assert.equal(gone.length, 1);
      const told = await outboxWhen(`patient:${gone[0].patient_profile_uid}`, (m) => m.some((x) => x.channel === 'email' && /is cancelled/.test(x.body)));
      const mail = told.filter((x) => x.channel === 'email' && /is cancelled/.test(x.body));
      assert.equal(mail.length, 1, 'the cancellation email, once');
      assert.equal(mail[0].attachments[0].content_type, 'text/calendar; method=CANCEL');
      assert.equal(parseIcs(Buffer.from(mail[0].attachments[0].content_base64, 'base64').toString('utf8')).METHOD, 'CANCEL');
      assert.equal(ics.STATUS, 'CANCELLED');
      assert.equal(ics.SEQUENCE, '1');
      await axe(page, 'booking page: cancelled');
      // The manage link: a fresh token for the same customer opens on their
      // bookings (the page follows a new fragment, as a redirect back sets).
      await page.goto(`${BASE}/book#token=${mint(customer)}&view=manage`, { waitUntil: 'load' });
      await page.locator('h2', { hasText: 'My bookings' }).waitFor({ timeout: 10000 });
      await page.locator('.fd-booking p', { hasText: 'no upcoming bookings' }).waitFor({ timeout: 10000 });
    } finally {
      await context.close();
    }
  });
  await test('two customers pick the same time: one holds it, the other is told and shown fresh times', async () => {
    const contexts = [await browser.newContext({ viewport: PHONE }), await browser.newContext({ viewport: PHONE })];
    try {
      const pages = await Promise.all(contexts.map((c) => c.newPage()));
      await Promise.all(pages.map((p, i) => p.goto(`${BASE}/book#token=${mint(`rival-${i}-${Date.now()}`)}`, { waitUntil: 'load' })));
      for (const p of pages) {
        await pickType(p, 'Flexible');
      }
      // The same time and doctor on both pages.
      const target = pages[0].locator('button.fd-slot').nth(3);
      const start = await target.getAttribute('data-start');
      const doctor = await target.getAttribute('data-doctor');
      const pick = (p) => p.locator(`button.fd-slot[data-start="${start}"][data-doctor="${doctor}"]`).click();
      await Promise.all(pages.map(pick));
      const outcome = async (p) => {
        await p.locator('.fd-countdown, .fd-error').first().waitFor({ timeout: 10000 });
        return (await p.locator('.fd-countdown').count()) > 0 ? 'held' : 'told';
      };
      const outcomes = await Promise.all(pages.map(outcome));
      assert.deepEqual([...outcomes].sort(), ['held', 'told'], `exactly one holds: ${outcomes}`);
      const loser = pages[outcomes.indexOf('told')];
      assert.match(await loser.locator('.fd-error').textContent(), /taken|unavailable|free/i);
      await loser.locator('button.fd-slot').first().waitFor({ timeout: 5000 });
      assert.equal(await loser.locator(`button.fd-slot[data-start="${start}"][data-doctor="${doctor}"]`).count(), 0, 'the taken time is gone from the fresh list');
      await axe(loser, 'booking page: slot taken');
    } finally {
      for (const c of contexts) await c.close();
    }
  });

  await test('the widget books from the storefront on another origin, untouched by its styles', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const errors = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${STORE}/?customer=widget-${Date.now()}`, { waitUntil: 'load' });
      const booked = page.evaluate(() => new Promise((resolve) => document.addEventListener('frontdesk:booked', (e) => resolve(e.detail), { once: true })));
      const widget = page.locator('frontdesk-booking');
      await widget.locator('.fd-types').waitFor({ timeout: 10000 });
      // The shop styles its own buttons red; the widget's keep its theme.
      const shopButton = await page.locator('#shop-button').evaluate((b) => getComputedStyle(b).backgroundColor);
      assert.equal(shopButton, 'rgb(204, 0, 0)');
      const ours = await widget.locator('.fd-types button[type="submit"]').evaluate((b) => getComputedStyle(b).backgroundColor);
      assert.equal(ours, 'rgb(45, 106, 79)', 'themed by --fd-accent, not the shop\'s button rule');
      await widget.locator('label.fd-choice', { hasText: 'Flexible' }).locator('input').check();
      await widget.locator('.fd-types button[type="submit"]').click();
      await widget.locator('button.fd-slot').first().click();
      await widget.locator('.fd-countdown').waitFor({ timeout: 5000 });
      await widget.locator('form button.fd-primary').click();
      const detail = await booked;
      assert.match(detail.appointment_uid, /^apt_/);
      assert.equal((await api('GET', `/v1/management/appointments/${detail.appointment_uid}`)).json.status, 'confirmed');
      await page.waitForFunction(() => /frontdesk:held apt_[\s\S]*frontdesk:booked apt_/.test(document.getElementById('events').textContent), null, { timeout: 5000 });
      await axe(page, 'storefront with the widget');
      await mkdir(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, 'widget-storefront-desktop.png'), fullPage: true });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
} finally {
  await browser.close();
  store.kill();
}

function parseIcsCheck(ics, appointment, start, sequence) {
  assert.equal(ics.DTSTART, utc(start));
  assert.equal(ics.DTSTART, utc(appointment.start));
  assert.equal(ics.DTEND, utc(appointment.end));
  assert.equal(ics.SEQUENCE, String(sequence));
  assert.equal(ics.METHOD, 'PUBLISH');
  assert.match(ics.UID, /^apt_[0-9a-v_]+@frontdesk$/);
  return ics;
}
