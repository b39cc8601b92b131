// The doctor portal's Today page: the shop's waiting room, pushed over a
// WebSocket (no polling); take the next patient, complete the
// consultation, go online or offline. The session cookie authorises
// everything; the page holds no credential of its own.

import { $, api, announce, doctorSession } from '/portal.js';

const state = { me: null, shop: null, queue: null, known: null, unseen: 0, sound: false, audio: null, joinUrl: null };
const BASE_TITLE = 'Today · Frontdesk';

function minutesSince(iso) {
  return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000));
}

function waited(iso) {
  const m = minutesSince(iso);
  if (m < 1) return 'just arrived';
  if (m < 60) return `waiting ${m} min`;
  return `waiting ${Math.floor(m / 60)} h ${m % 60} min`;
}

function beep() {
  if (!state.sound || !state.audio) return;
  const ctx = state.audio;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 880;
  gain.gain.setValueAtTime(0.2, ctx.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
  osc.connect(gain).connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.4);
  document.body.dataset.lastSound = String(Date.now());
}

function setTitle() {
  document.title = state.unseen > 0 ? `(${state.unseen}) ${BASE_TITLE}` : BASE_TITLE;
}

function render() {
  const q = state.queue;
  if (!q) return;
  const me = state.me.staff.doctor_uid;
  // A doctor's queue: those waiting for a doctor, not those still waiting
  // for a medical assistant's intake (a shop with an intake step).
  const waiting = q.entries.filter((e) => e.status === 'waiting' && e.waiting_for !== 'intake');
  const mine = q.entries.find((e) => e.status === 'allocated' && e.doctor_uid === me);

  // New arrivals: a sound, a count in the title until the page is looked at.
  const ids = new Set(waiting.map((e) => e.queue_uid));
  if (state.known) {
    const fresh = waiting.filter((e) => !state.known.has(e.queue_uid));
    if (fresh.length) {
      if (document.hidden || !document.hasFocus()) state.unseen += fresh.length;
      else state.unseen = 0;
      announce(fresh.length === 1 ? 'A new patient is waiting.' : `${fresh.length} new patients are waiting.`);
      beep();
    }
  }
  state.known = ids;
  setTitle();

  const online = q.doctors_online.includes(me);
  $('presence').setAttribute('aria-pressed', String(online));
  $('presence').textContent = online ? 'You are online' : 'You are offline';

  $('count').textContent = waiting.length ? `(${waiting.length})` : '';
  $('empty').hidden = waiting.length > 0;
  const list = $('queue');
  list.replaceChildren(
    ...waiting.map((e) => {
      const li = document.createElement('li');
      li.dataset.queueUid = e.queue_uid;
      const pos = document.createElement('span');
      pos.className = 'pos';
      pos.textContent = e.position;
      pos.setAttribute('aria-label', `Position ${e.position}`);
      const reason = document.createElement('p');
      reason.className = 'reason';
      reason.textContent = e.visit_reason || 'No reason given';
      const time = document.createElement('span');
      time.className = 'waited';
      time.dataset.since = e.registered_at;
      time.textContent = waited(e.registered_at);
      li.append(pos, reason, time);
      if (e.preferred_doctor_uid && e.preferred_doctor_uid === me) {
        const flag = document.createElement('p');
        flag.className = 'mine';
        flag.textContent = 'Asked for you';
        li.append(flag);
      }
      return li;
    }),
  );

  $('current').hidden = !mine;
  $('current-none').hidden = Boolean(mine);
  $('take-next').disabled = Boolean(mine) || waiting.length === 0;
  if (mine) {
    $('current').dataset.queueUid = mine.queue_uid;
    $('current-text').textContent = `${mine.visit_reason || 'No reason given'}, since ${new Date(mine.allocated_at).toLocaleTimeString()}.`;
    const link = state.joinUrl && state.joinUrl.queue === mine.queue_uid ? state.joinUrl.url : null;
    $('open-room').hidden = !link;
    if (link) $('open-room').href = link;
  }
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/v1/management/waiting-room/live?shop_uid=${encodeURIComponent(state.shop)}`);
  ws.addEventListener('open', () => {
    $('live').dataset.state = 'live';
    $('live').textContent = 'Live';
  });
  ws.addEventListener('message', (m) => {
    try {
      state.queue = JSON.parse(m.data);
    } catch {
      return;
    }
    render();
  });
  ws.addEventListener('close', async () => {
    $('live').dataset.state = 'reconnecting';
    $('live').textContent = 'Reconnecting…';
    const me = await api('GET', '/v1/auth/session');
    if (me.ok) setTimeout(connect, 2000);
  });
}

async function takeNext() {
  $('action-error').textContent = '';
  // Opened now, while the click still counts, so no pop-up blocker stops it.
  const room = window.open('', '_blank');
  const r = await api('POST', '/v1/management/waiting-room/allocate', { shop_uid: state.shop, doctor_uid: state.me.staff.doctor_uid });
  if (r.status === 204) {
    room?.close();
    $('action-error').textContent = 'No one is waiting for you right now.';
    return;
  }
  if (!r.ok) {
    room?.close();
    $('action-error').textContent = r.json?.error?.message ?? 'Could not take the next patient.';
    return;
  }
  state.joinUrl = { queue: r.json.queue_uid, url: r.json.join_url };
  if (room) room.location.href = r.json.join_url;
  render();
  $('complete').focus();
}

async function complete() {
  const queue = $('current').dataset.queueUid;
  const r = await api('POST', `/v1/management/waiting-room/${encodeURIComponent(queue)}/complete`);
  if (!r.ok) {
    $('action-error').textContent = r.json?.error?.message ?? 'Could not complete the consultation.';
    return;
  }
  state.joinUrl = null;
  announce('Consultation completed.');
  $('take-next').focus();
}

async function togglePresence() {
  const online = $('presence').getAttribute('aria-pressed') !== 'true';
  const r = await api('PUT', '/v1/management/waiting-room/presence', { shop_uid: state.shop, doctor_uid: state.me.staff.doctor_uid, online });
  if (!r.ok) $('action-error').textContent = r.json?.error?.message ?? 'Could not change your status.';
}

function enableSound() {
  // Browsers allow sound only after the user acts: this click is that act.
  state.audio ??= new AudioContext();
  state.audio.resume();
  state.sound = !state.sound;
  $('sound').setAttribute('aria-pressed', String(state.sound));
  $('sound').textContent = state.sound ? 'Sound on' : 'Enable sound';
  if (state.sound) beep();
}

// The doctor's appointments of a day (today unless another is picked; days
// as this browser counts them), with the actions each status allows. Read
// from the overview, which trails a change by well under a second, so it
// is read again after each action.
function localDate(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function loadDay() {
  const picked = $('day-date').value;
  const from = picked ? new Date(`${picked}T00:00:00`) : new Date();
  from.setHours(0, 0, 0, 0);
  const to = new Date(from);
  to.setDate(to.getDate() + 1);
  const q = new URLSearchParams({
    doctor_uid: state.me.staff.doctor_uid,
    status: 'confirmed,completed,no_show',
    from: from.toISOString(),
    to: to.toISOString(),
    limit: '100',
  });
  const r = await api('GET', `/v1/management/appointments?${q}`);
  if (!r.ok) {
    $('day-error').textContent = r.json?.error?.message ?? 'Could not read your appointments.';
    return;
  }
  const items = r.json.data;
  $('day-empty').hidden = items.length > 0;
  $('day').replaceChildren(
    ...items.map((a) => {
      const li = document.createElement('li');
      li.dataset.appointmentUid = a.appointment_uid;
      const when = document.createElement('span');
      when.className = 'when';
      when.textContent = new Date(a.start).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      const what = document.createElement('span');
      what.className = 'state';
      const label = a.status === 'confirmed' ? (a.checked_in_at ? 'checked in' : 'booked') : a.status.replace('_', '-');
      what.textContent = label;
      li.append(when, what);
      const action = (text, path) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = text;
        b.addEventListener('click', async () => {
          $('day-error').textContent = '';
          const done = await api('POST', `/v1/management/appointments/${encodeURIComponent(a.appointment_uid)}/${path}`);
          if (!done.ok) $('day-error').textContent = done.json?.error?.message ?? 'That did not work.';
          else announce(`${text}: done.`);
          setTimeout(loadDay, 500);
        });
        return b;
      };
      if (a.status === 'confirmed') {
        if (!a.checked_in_at) li.append(action('Check in', 'check-in'));
        li.append(action('Complete', 'complete'), action('No-show', 'no-show'));
      }
      return li;
    }),
  );
}

async function start() {
  $('take-next').addEventListener('click', takeNext);
  $('day-date').value = localDate(new Date());
  $('day-date').addEventListener('change', loadDay);
  $('complete').addEventListener('click', complete);
  $('presence').addEventListener('click', togglePresence);
  $('sound').addEventListener('click', enableSound);
  window.addEventListener('focus', () => {
    state.unseen = 0;
    setTitle();
  });
  setInterval(() => {
    for (const t of document.querySelectorAll('.waited')) t.textContent = waited(t.dataset.since);
  }, 30000);

  const me = await doctorSession();
  if (!me) return;
  state.me = me;
  state.shop = me.shop_uid;
  connect();
  loadDay();
}

start();
