// Headless-browser test of the patient wait page (web/wait.html).
//
//   FRONTDESK_URL=http://127.0.0.1:8799 FRONTDESK_API_KEY=fdk_... \
//   FRONTDESK_SHOP_UID=shop_... node tests/browser/wait_page.mjs
//
// The key needs waiting_room:read, waiting_room:write and admin. The shop may
// already hold waiting patients from other tests, so nothing here assumes
// absolute positions. CHROMIUM_PATH overrides /usr/bin/chromium.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { apiWith, axe } from './lib.mjs';

const BASE = (process.env.FRONTDESK_URL || '').replace(/\/+$/, '');
const KEY = process.env.FRONTDESK_API_KEY || '';
const SHOP = process.env.FRONTDESK_SHOP_UID || '';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOT_DIR = path.join(REPO, 'target', 'browser');
const api = apiWith(BASE, KEY);
const VIEWPORT = { width: 390, height: 844 };
const UPDATE_TIMEOUT_MS = 5000;

if (!BASE || !KEY || !SHOP) {
  console.error('Set FRONTDESK_URL, FRONTDESK_API_KEY and FRONTDESK_SHOP_UID.');
  process.exit(2);
}

// A unique suffix so reruns against the same shop use fresh patient ids.
const RUN = Date.now().toString(36);

async function expectStatus(expected, method, route, body) {
  const res = await api(method, route, body);
  assert.equal(res.status, expected, `${method} ${route} returned ${res.status}: ${res.text}`);
  return res.json;
}

async function register(patient) {
  const entry = await expectStatus(201, 'POST', '/v1/management/waiting-room/register', {
    shop_uid: SHOP,
    patient_profile_uid: `${patient}-${RUN}`
  });
  for (const field of ['queue_uid', 'position', 'estimated_wait_minutes', 'visit_url', 'watch_url', 'wait_page_url']) {
    assert.ok(field in entry, `register response lacks ${field}: ${JSON.stringify(entry)}`);
  }
  return entry;
}

// The "my turn" messages the local outbox holds for one entry.
async function turnMessages(queueUid) {
  const listed = await expectStatus(200, 'GET', '/v1/management/messages?limit=200');
  return listed.data.filter((m) => m.recipient === `queue:${queueUid}`);
}

async function text(page, selector) {
  return (await page.locator(selector).textContent())?.trim() ?? '';
}

// Opens a wait page and waits until it is live and shows a status.
async function openWaitPage(context, url) {
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (msg) => consoleLines.push(msg.text()));
  page.on('pageerror', (err) => consoleLines.push(`pageerror: ${err.message}`));
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  const socketUrls = [];
  page.on('websocket', (ws) => socketUrls.push(ws.url()));
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 15000 });
  } catch (e) {
    // wrangler dev's proxy now and then loses a request under load
    // (workers-sdk#14641; README, "Benchmarks"): the link is followed once
    // more. Links work until they expire, so a second visit is the same.
    if (e.name !== 'TimeoutError') throw e;
    await page.goto(url, { waitUntil: 'load' });
  }
  await page.waitForFunction(
    () => document.getElementById('connection')?.textContent === 'Live',
    null,
    { timeout: 10000 }
  );
  await page.evaluate(() => {
    window.__marker = 1;
  });
  // The token rides in Sec-WebSocket-Protocol, never in the socket's URL.
  assert.ok(socketUrls.length > 0, 'the page opened a socket');
  for (const url of socketUrls) {
    assert.equal(new URL(url).search, '', `the socket URL carries a query: ${url}`);
  }
  return { page, consoleLines, navigations: () => navigations };
}

function assertTokenNotLogged(consoleLines, waitPageUrl) {
  const token = new URL(waitPageUrl).hash.replace(/^#token=/, '');
  for (const line of consoleLines) {
    // Chromium itself prints the URL of a failed WebSocket; the page must not.
    if (line.startsWith('WebSocket connection to')) continue;
    assert.ok(!line.includes(token), `the page logged its token: ${line}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
});

try {
  await test('wait page shows the position and updates without reload when the patient ahead cancels', async () => {
    const a = await register('pp-browser-a');
    const b = await register('pp-browser-b');
    assert.equal(b.position, a.position + 1, 'B registered right behind A');

    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      const { page, consoleLines, navigations } = await openWaitPage(context, b.wait_page_url);

      await page.waitForFunction(
        (n) => document.getElementById('position')?.textContent === String(n),
        b.position,
        { timeout: UPDATE_TIMEOUT_MS }
      );
      assert.equal(await text(page, '#status'), 'waiting');
      assert.equal(await text(page, '#estimate'), String(b.estimated_wait_minutes));
      assert.ok(await page.locator('#position').isVisible(), '#position is visible while waiting');
      assert.ok(!(await page.locator('#join').isVisible()), 'no join link while waiting');
      const navigationsBefore = navigations();

      const cancelled = await expectStatus(200, 'DELETE', `/v1/management/waiting-room/${a.queue_uid}`);
      assert.equal(cancelled.message, 'Registration cancelled');

      const expected = b.position - 1;
      await page.waitForFunction(
        (n) => document.getElementById('position')?.textContent === String(n),
        expected,
        { timeout: UPDATE_TIMEOUT_MS }
      );
      await page.waitForFunction(
        (n) => new RegExp(`\\b${n}\\b`).test(document.getElementById('announcer')?.textContent || ''),
        expected,
        { timeout: UPDATE_TIMEOUT_MS }
      );
      assert.equal(await page.evaluate(() => window.__marker), 1, 'the page was not reloaded');
      assert.equal(navigations(), navigationsBefore, 'no navigation happened');
      assert.equal(await text(page, '#connection'), 'Live');
      assert.equal(await page.locator('#connection-bar.offline').count(), 0, 'no offline banner while live');

      await mkdir(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, 'wait-page-waiting.png') });
      assertTokenNotLogged(consoleLines, b.wait_page_url);
    } finally {
      await context.close();
    }
  });

  await test('allocation shows the join link', async () => {
    const c = await register('pp-browser-c');
    const doctor = await expectStatus(201, 'POST', '/v1/management/doctors', {
      shop_uid: SHOP,
      name: 'Dr Browser'
    });
    assert.ok(doctor.doctor_uid, `doctor response lacks doctor_uid: ${JSON.stringify(doctor)}`);

    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      const { page, consoleLines } = await openWaitPage(context, c.wait_page_url);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'waiting', null, {
        timeout: UPDATE_TIMEOUT_MS
      });

      // Allocate to our fresh doctor until it is C's turn; anyone ahead of C
      // is seen and sent away.
      let allocation = null;
      let current = null; // the doctor's unfinished consultation, if any
      for (let i = 0; i < 200 && !allocation; i += 1) {
        const res = await api('POST', '/v1/management/waiting-room/allocate', {
          shop_uid: SHOP,
          doctor_uid: doctor.doctor_uid
        });
        if (res.status === 200) {
          assert.equal(res.json.status, 'allocated', res.text);
          if (res.json.queue_uid === c.queue_uid) {
            allocation = res.json;
          } else {
            current = res.json.queue_uid;
            await expectStatus(200, 'POST', `/v1/management/waiting-room/${current}/complete`);
            current = null;
          }
        } else if (res.status === 409 && res.json?.error?.code === 'doctor_busy') {
          const busy = current ?? res.json.error.message.match(/\bq_[A-Za-z0-9_]+/)?.[0];
          assert.ok(busy, `doctor_busy without a consultation to finish: ${res.text}`);
          await expectStatus(200, 'POST', `/v1/management/waiting-room/${busy}/complete`);
          current = null;
        } else if (res.status === 204) {
          assert.fail(`nobody left to allocate, but ${c.queue_uid} was never allocated`);
        } else {
          assert.fail(`allocate returned ${res.status}: ${res.text}`);
        }
      }
      assert.ok(allocation, 'C was allocated within 200 allocations');
      assert.ok(allocation.video_room_id, `allocation lacks video_room_id: ${JSON.stringify(allocation)}`);

      // The button is the patient's visit link, not the room (nor the
      // doctor's link); following it leads into the room.
      const join = page.locator('a#join');
      await join.waitFor({ state: 'visible', timeout: UPDATE_TIMEOUT_MS });
      const href = await join.getAttribute('href');
      assert.ok(href.startsWith(`${BASE}/v1/visit/`), `join href is not a visit link: ${href}`);
      assert.notEqual(href, allocation.join_url);
      assert.ok(
        !(await page.content()).includes(allocation.video_room_id),
        'the page shows the room name'
      );
      const into = await fetch(href, { redirect: 'manual' });
      assert.equal(into.status, 302);
      assert.equal(into.headers.get('location'), `https://meet.jit.si/${allocation.video_room_id}`);
      assert.equal(await join.getAttribute('target'), '_blank');
      assert.match((await join.getAttribute('rel')) || '', /\bnoopener\b/);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'allocated', null, {
        timeout: UPDATE_TIMEOUT_MS
      });
      assert.ok(!(await page.locator('#position').isVisible()), 'the position is hidden once allocated');
      await page.waitForFunction(
        () => /doctor is ready/i.test(document.getElementById('announcer')?.textContent || ''),
        null,
        { timeout: UPDATE_TIMEOUT_MS }
      );
      assert.equal(await page.evaluate(() => window.__marker), 1, 'the page was not reloaded');

      await mkdir(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, 'wait-page.png') });
      assertTokenNotLogged(consoleLines, c.wait_page_url);

      // Leave the shop tidy for other tests.
      await expectStatus(200, 'POST', `/v1/management/waiting-room/${c.queue_uid}/complete`);
    } finally {
      await context.close();
    }
  });

  await test('my turn: the patient leaves a number on the page and gets each SMS once; the clinic sets the language', async () => {
    const x = await expectStatus(201, 'POST', '/v1/management/waiting-room/register', {
      shop_uid: SHOP,
      patient_profile_uid: `pp-browser-turn-${RUN}`,
      language: 'de'
    });
    const doctor = await expectStatus(201, 'POST', '/v1/management/doctors', { shop_uid: SHOP, name: 'Dr Turn' });
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      const { page, consoleLines } = await openWaitPage(context, x.wait_page_url);
      // The registration's language, with no choice made in this browser.
      await page.waitForFunction(() => document.documentElement.lang === 'de', null, { timeout: UPDATE_TIMEOUT_MS });
      assert.equal(await text(page, '#turn-heading'), 'Benachrichtigen, wenn ich dran bin');
      await page.locator('#lang').selectOption('en');
      // Every word follows the switch, the live ones included.
      assert.equal(await text(page, '#status-label'), 'Waiting in line');

      // A national number is refused next to the field, by keyboard alone.
      await page.locator('#turn-contact').focus();
      await page.keyboard.type('07700 900123');
      await page.keyboard.press('Enter');
      await page.locator('#turn-error').waitFor({ state: 'visible', timeout: UPDATE_TIMEOUT_MS });
      assert.match(await text(page, '#turn-error'), /country code/);
      assert.equal(await page.locator('#turn-contact').getAttribute('aria-invalid'), 'true');
      await page.locator('#turn-contact').fill('+44 7700 900123');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => /We will text \+4477•+123/.test(document.getElementById('turn-status')?.textContent || ''),
        null,
        { timeout: UPDATE_TIMEOUT_MS }
      );
      assert.ok(await page.locator('#turn-error').isHidden());
      assert.ok(!(await page.content()).includes('7700900123'), 'the page shows the number masked');
      await axe(page, 'wait page with the my-turn form');
      await mkdir(SHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SHOT_DIR, 'wait-page-my-turn.png'), fullPage: true });

      // The fresh doctor sees everyone ahead of X, then X.
      for (let i = 0; i < 200; i += 1) {
        const res = await api('POST', '/v1/management/waiting-room/allocate', { shop_uid: SHOP, doctor_uid: doctor.doctor_uid });
        assert.equal(res.status, 200, `allocate: ${res.status} ${res.text}`);
        await expectStatus(200, 'POST', `/v1/management/waiting-room/${res.json.queue_uid}/complete`);
        if (res.json.queue_uid === x.queue_uid) break;
      }
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'completed', null, {
        timeout: UPDATE_TIMEOUT_MS
      });
      // Both sent (past `queued`): the notifier works after the answer.
      const done = (list) => list.length >= 2 && list.every((m) => m.status !== 'queued');
      let sent = [];
      for (let i = 0; i < 300 && !done(sent); i += 1) {
        sent = await turnMessages(x.queue_uid);
        if (!done(sent)) await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 1000));
      sent = await turnMessages(x.queue_uid);
      assert.deepEqual(
        sent.map((m) => m.message_id).sort(),
        [`turn:${x.queue_uid}:doctor_ready`, `turn:${x.queue_uid}:next_in_line`],
        `each message once: ${JSON.stringify(sent)}`
      );
      for (const m of sent) {
        assert.equal(m.channel, 'sms');
        assert.equal(m.address, '+4477•••••123');
        assert.equal(m.status, 'stored_locally');
      }
      assertTokenNotLogged(consoleLines, x.wait_page_url);
    } finally {
      await context.close();
    }
  });

  await test('the visit link opens the live wait page; the end of the visit is final', async () => {
    const d = await register('pp-browser-d');
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      const { page, consoleLines } = await openWaitPage(context, d.visit_url);
      assert.equal(new URL(page.url()).pathname, '/wait', `the visit link led to ${page.url()}`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'waiting', null, {
        timeout: UPDATE_TIMEOUT_MS
      });
      await expectStatus(200, 'DELETE', `/v1/management/waiting-room/${d.queue_uid}`);
      await page.waitForFunction(() => !document.getElementById('panel-cancelled').hidden, null, {
        timeout: UPDATE_TIMEOUT_MS
      });
      assert.equal(await text(page, '#status'), 'cancelled');
      // Opened again, the ended visit's page says so instead of retrying.
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => !document.getElementById('panel-problem').hidden, null, {
        timeout: UPDATE_TIMEOUT_MS
      });
      assert.match(await text(page, '#problem-message'), /visit has ended/);
      const gone = await fetch(d.visit_url, { redirect: 'manual' });
      assert.equal(gone.status, 410);
      assertTokenNotLogged(consoleLines, page.url());
    } finally {
      await context.close();
    }
  });

  await test('a tampered link says it is not valid instead of retrying forever', async () => {
    const a = await register('pp-browser-tampered');
    const url = new URL(a.wait_page_url);
    // Flip the signature's last character: the server must refuse the token.
    const last = url.hash.slice(-1);
    url.hash = url.hash.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      await page.goto(url.toString(), { waitUntil: 'load' });
      await page.waitForFunction(
        () => !document.getElementById('panel-problem').hidden,
        null,
        { timeout: UPDATE_TIMEOUT_MS }
      );
      assert.match(await text(page, '#problem-message'), /expired or is not valid/);
    } finally {
      await context.close();
      await expectStatus(200, 'DELETE', `/v1/management/waiting-room/${a.queue_uid}`);
    }
  });

  await test('with an intake step the page says an assistant sees the patient first, then that they wait for the doctor', async () => {
    const workflow = `/v1/management/shops/${SHOP}/workflow`;
    await expectStatus(200, 'PUT', workflow, { intake_step: true });
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    try {
      const e = await register('pp-browser-intake');
      const { page } = await openWaitPage(context, e.wait_page_url);
      await page.locator('#intake-hint').waitFor({ state: 'visible', timeout: UPDATE_TIMEOUT_MS });
      assert.match(await text(page, '#intake-hint'), /medical assistant will see you first/);
      assert.ok(!(await page.locator('#after-intake-hint').isVisible()), 'not yet past intake');
      await axe(page, 'wait page waiting for intake');

      const taken = await expectStatus(200, 'POST', '/v1/management/waiting-room/intake', { shop_uid: SHOP });
      assert.equal(taken.queue_uid, e.queue_uid);
      await page.locator('#join').waitFor({ state: 'visible', timeout: UPDATE_TIMEOUT_MS });

      await expectStatus(200, 'POST', `/v1/management/waiting-room/${e.queue_uid}/step`, { step: 'finish_intake' });
      await page.locator('#after-intake-hint').waitFor({ state: 'visible', timeout: UPDATE_TIMEOUT_MS });
      assert.equal(await text(page, '#status'), 'waiting');
      assert.ok(!(await page.locator('#intake-hint').isVisible()), 'no longer waiting for intake');
      assert.ok(!(await page.locator('#join').isVisible()), 'no join link while waiting for the doctor');
      await axe(page, 'wait page waiting for the doctor after intake');
      await expectStatus(200, 'DELETE', `/v1/management/waiting-room/${e.queue_uid}`);
    } finally {
      await context.close();
      await expectStatus(200, 'PUT', workflow, { intake_step: false });
    }
  });
} finally {
  await browser.close();
}
