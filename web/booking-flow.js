// The booking flow of the hosted page (/book) and the widget
// (<frontdesk-booking>): a shop's types, a week of free slots per doctor
// or "any doctor", a hold with its countdown, the confirmation with a
// payment mode, "Add to calendar", and managing one's bookings. It renders
// into any root (the page's <main>, or the widget's shadow root) and talks
// only to the Frontdesk origin it was loaded from, with the partner's
// booking token. No third-party request, no CDN.
import { STRINGS, pickLanguage } from './booking-i18n.js';

const API = new URL('.', import.meta.url).origin;

/**
 * Mounts the flow in `root`.
 * - `getToken()`: the booking token (a promise, so a partner can mint just
 *   in time); asked again when the token has expired.
 * - `emit(name, detail)`: `frontdesk:held`, `frontdesk:booked`,
 *   `frontdesk:cancelled` (detail `{appointment_uid}`), and
 *   `frontdesk:token-expired` when no fresh token came.
 * - `lang`: `en`, `de` or `es`; else the browser's.
 * - `view`: `manage` opens on the holder's bookings instead of booking.
 */
export function mountBooking(root, { getToken, emit = () => {}, lang, view: opening } = {}) {
  const state = {
    lang: pickLanguage(lang),
    token: null,
    shops: [],
    types: [],
    shop: null,
    type: null,
    doctor: '',
    weekStart: today(),
    hold: null,
    timer: null,
    rebooking: null, // the appointment being moved, when rebooking
  };
  const t = (key, vars = {}) =>
    (STRINGS[state.lang][key] ?? STRINGS.en[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };

  const view = el('div', { class: 'fd-booking', lang: state.lang });
  const live = el('p', { class: 'fd-live', role: 'status', 'aria-live': 'polite' });
  root.append(view, live);
  const say = (text) => {
    live.textContent = text;
  };

  async function token(fresh) {
    if (!state.token || fresh) state.token = await getToken(fresh);
    return state.token;
  }

  /** A call with the token; a 401 asks for a fresh token once. */
  async function call(method, path, body, asText) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await fetch(API + path, {
        method,
        headers: { Authorization: `Bearer ${await token(attempt > 0)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        cache: 'no-store',
      });
      if (res.status === 401 && attempt === 0 && method === 'GET') continue;
      if (res.status === 401) {
        emit('frontdesk:token-expired', {});
        expired();
        throw new Error('token');
      }
      if (asText && res.ok) return { ok: true, status: res.status, text: await res.text() };
      const json = res.status === 204 ? null : await res.json().catch(() => null);
      return { ok: res.ok, status: res.status, json };
    }
    return { ok: false, status: 401, json: null };
  }

  function show(...nodes) {
    clearInterval(state.timer);
    view.replaceChildren(...nodes);
    const heading = view.querySelector('h2');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    }
  }

  function expired() {
    show(
      el('h2', {}, t('expired_heading')),
      el('p', {}, t('expired_text')),
      el('button', { type: 'button', class: 'fd-primary', on: { click: () => start(true) } }, t('try_again')),
    );
  }

  const zoneOf = () => state.shop?.time_zone ?? 'UTC';
  const myZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const fmt = (iso, opts, zone = zoneOf()) => new Intl.DateTimeFormat(state.lang, { timeZone: zone, ...opts }).format(new Date(iso));
  const timeOf = (iso) => fmt(iso, { hour: '2-digit', minute: '2-digit' });
  const dayOf = (iso) => fmt(iso, { weekday: 'long', day: 'numeric', month: 'long' });
  const whenText = (iso) => {
    const there = `${dayOf(iso)}, ${timeOf(iso)}`;
    if (myZone === zoneOf()) return there;
    return `${there} (${t('your_time', { time: fmt(iso, { weekday: 'short', hour: '2-digit', minute: '2-digit' }, myZone) })})`;
  };

  async function start(fresh) {
    show(el('p', {}, t('loading')));
    try {
      if (fresh) await token(true);
      const [shops, types] = await Promise.all([call('GET', '/v1/booking/shops'), call('GET', '/v1/booking/appointment-types')]);
      if (!shops.ok || !types.ok) return problem(shops.json?.error?.message ?? types.json?.error?.message);
      state.shops = shops.json.data;
      state.types = types.json.data;
      state.shop = state.shops[0] ?? null;
      if (!state.shop || !state.types.length) return problem(t('nothing_to_book'));
      if (opening === 'manage') return manage();
      chooseType();
    } catch (e) {
      if (e.message !== 'token') problem(t('network'));
    }
  }

  function problem(message) {
    show(el('h2', {}, t('problem_heading')), el('p', { class: 'fd-error' }, message || t('network')));
  }

  function header() {
    return el('div', { class: 'fd-shop' },
      el('p', { class: 'fd-shop-name' }, state.shop.name),
      el('p', { class: 'fd-shop-address' }, state.shop.address),
      el('p', {}, el('button', { type: 'button', class: 'fd-link', on: { click: manage } }, t('manage'))));
  }

  function chooseType() {
    const form = el('form', { class: 'fd-types', on: { submit: (e) => {
      e.preventDefault();
      const picked = form.querySelector('input[name="type"]:checked');
      if (!picked) return;
      state.type = state.types.find((x) => x.appointment_type_uid === picked.value);
      state.doctor = form.querySelector('select').value;
      state.weekStart = today();
      pickSlot();
    } } });
    const shopSelect = state.shops.length > 1
      ? el('p', {}, el('label', { for: 'fd-shop' }, t('clinic')), ' ',
        el('select', { id: 'fd-shop', on: { change: (e) => { state.shop = state.shops.find((s) => s.shop_uid === e.target.value); chooseType(); } } },
          ...state.shops.map((s) => el('option', { value: s.shop_uid, selected: s === state.shop }, s.name))))
      : null;
    const fieldset = el('fieldset', {}, el('legend', {}, t('choose_type')),
      ...state.types.map((x, i) => el('label', { class: 'fd-choice' },
        el('input', { type: 'radio', name: 'type', value: x.appointment_type_uid, checked: i === 0 }),
        ` ${x.name} · ${t('minutes', { n: x.duration_minutes })}`)));
    const doctor = el('p', {}, el('label', { for: 'fd-doctor' }, t('doctor')), ' ',
      el('select', { id: 'fd-doctor' }, el('option', { value: '' }, t('any_doctor')),
        ...state.shop.doctors.map((d) => el('option', { value: d.doctor_uid }, d.name))));
    form.append(fieldset, doctor, el('button', { type: 'submit', class: 'fd-primary' }, t('see_times')));
    show(el('h2', {}, state.rebooking ? t('rebook_heading') : t('book_heading')), header(), shopSelect, form);
  }

  async function pickSlot(notice) {
    const end = addDays(state.weekStart, 6);
    const q = new URLSearchParams({ shop_uid: state.shop.shop_uid, appointment_type_uid: state.type.appointment_type_uid, start_date: state.weekStart, end_date: end });
    if (state.doctor) q.set('doctor_uid', state.doctor);
    show(el('h2', {}, t('choose_time')), el('p', {}, t('loading')));
    let r;
    try {
      r = await call('GET', `/v1/booking/slots?${q}`);
    } catch (e) {
      return;
    }
    if (!r.ok) return problem(r.json?.error?.message);
    // "Any doctor": each time once, with the first doctor free then.
    const seen = new Set();
    const slots = r.json.slots
      .filter((s) => !state.rebooking || s.start !== state.rebooking.start)
      .filter((s) => (seen.has(s.start) ? false : seen.add(s.start)));
    const byDay = new Map();
    for (const s of slots) {
      const day = dayOf(s.start);
      if (!byDay.has(day)) byDay.set(day, []);
      byDay.get(day).push(s);
    }
    const doctorName = (uid) => state.shop.doctors.find((d) => d.doctor_uid === uid)?.name ?? '';
    const days = [...byDay].map(([day, list]) => el('section', { class: 'fd-day' },
      el('h3', {}, day),
      el('ul', { class: 'fd-slots' }, ...list.map((s) => el('li', {},
        el('button', { type: 'button', class: 'fd-slot', 'data-start': s.start, 'data-doctor': s.doctor_uid,
          'aria-label': `${whenText(s.start)}, ${doctorName(s.doctor_uid)}`, on: { click: () => hold(s) } },
        timeOf(s.start), state.doctor ? null : el('span', { class: 'fd-who' }, ` · ${doctorName(s.doctor_uid)}`)))))));
    const nav = el('p', { class: 'fd-week' },
      el('button', { type: 'button', disabled: state.weekStart <= today(), on: { click: () => { state.weekStart = addDays(state.weekStart, -7); pickSlot(); } } }, t('earlier')),
      ' ',
      el('button', { type: 'button', on: { click: () => { state.weekStart = addDays(state.weekStart, 7); pickSlot(); } } }, t('later')));
    show(
      el('h2', {}, t('choose_time')),
      header(),
      el('p', {}, t('times_in', { zone: zoneOf() }) + (myZone === zoneOf() ? '' : ` ${t('your_zone', { zone: myZone })}`)),
      notice ? el('p', { class: 'fd-error', role: 'alert' }, notice) : null,
      days.length ? el('div', { class: 'fd-days' }, ...days) : el('p', {}, t('no_slots')),
      nav,
      el('p', {}, el('button', { type: 'button', class: 'fd-link', on: { click: chooseType } }, t('back'))),
    );
  }

  async function hold(slot) {
    say(t('holding'));
    let r;
    try {
      if (state.rebooking) {
        r = await call('POST', `/v1/booking/appointments/${encodeURIComponent(state.rebooking.appointment_uid)}/rebook`, { start: slot.start, doctor_uid: slot.doctor_uid });
        if (r.ok) {
          state.rebooking = null;
          emit('frontdesk:booked', { appointment_uid: r.json.appointment_uid });
          return done(r.json, t('rebooked'));
        }
      } else {
        r = await call('POST', '/v1/booking/appointments', {
          shop_uid: state.shop.shop_uid, doctor_uid: slot.doctor_uid, appointment_type_uid: state.type.appointment_type_uid,
          start: slot.start, payment_mode: state.type.payment_modes[0], status: 'held',
        });
      }
    } catch (e) {
      return;
    }
    if (!r.ok) {
      // Taken meanwhile, or refused: the API's message, and fresh slots.
      return pickSlot(r.json?.error?.message ?? t('network'));
    }
    state.hold = r.json;
    emit('frontdesk:held', { appointment_uid: r.json.appointment_uid });
    confirmView();
  }

  function confirmView(error) {
    const a = state.hold;
    const left = el('span', { class: 'fd-countdown' });
    const modes = state.type.payment_modes;
    const form = el('form', { on: { submit: async (e) => {
      e.preventDefault();
      const mode = form.querySelector('input[name="payment"]:checked')?.value;
      let r;
      try {
        r = await call('POST', `/v1/booking/appointments/${encodeURIComponent(a.appointment_uid)}/confirm`, { payment_mode: mode });
      } catch (err) {
        return;
      }
      if (!r.ok) {
        if (r.json?.error?.code === 'hold_expired') return pickSlot(r.json.error.message);
        return confirmView(r.json?.error?.message ?? t('network'));
      }
      emit('frontdesk:booked', { appointment_uid: r.json.appointment_uid });
      done(r.json, t('booked'));
    } } },
    el('fieldset', {}, el('legend', {}, t('payment')),
      ...modes.map((m, i) => el('label', { class: 'fd-choice' }, el('input', { type: 'radio', name: 'payment', value: m, checked: i === 0 }), ` ${t(`pay_${m}`)}`))),
    el('p', { class: 'fd-note' }, t('no_payment_taken')),
    error ? el('p', { class: 'fd-error', role: 'alert' }, error) : null,
    el('button', { type: 'submit', class: 'fd-primary' }, t('confirm')));
    show(el('h2', {}, t('held_heading')), header(),
      el('p', { class: 'fd-when' }, whenText(a.start)),
      el('p', {}, t('held_for'), ' ', left),
      form);
    const tick = () => {
      const ms = new Date(a.hold_expires_at) - Date.now();
      if (ms <= 0) {
        clearInterval(state.timer);
        return pickSlot(t('hold_lapsed'));
      }
      const s = Math.ceil(ms / 1000);
      left.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    };
    tick();
    state.timer = setInterval(tick, 1000);
  }

  async function calendarLink(a) {
    const link = el('a', { class: 'fd-ics', download: 'appointment.ics', href: '#' }, a.status === 'cancelled' ? t('calendar_cancel') : t('calendar'));
    try {
      const r = await call('GET', `/v1/booking/appointments/${encodeURIComponent(a.appointment_uid)}/calendar.ics`, undefined, true);
      if (r.ok) link.href = URL.createObjectURL(new Blob([r.text], { type: 'text/calendar' }));
    } catch (e) {
      // The link stays inert; the booking stands.
    }
    return link;
  }

  async function done(a, heading) {
    show(el('h2', {}, heading), header(),
      el('p', { class: 'fd-when' }, whenText(a.start)),
      el('p', {}, await calendarLink(a)));
    say(heading);
  }

  async function manage() {
    show(el('h2', {}, t('manage_heading')), el('p', {}, t('loading')));
    let r;
    try {
      r = await call('GET', '/v1/booking/appointments');
    } catch (e) {
      return;
    }
    if (!r.ok) return problem(r.json?.error?.message);
    const items = await Promise.all(r.json.data.map(async (a) => {
      const type = state.types.find((x) => x.appointment_type_uid === a.appointment_type_uid);
      const error = el('p', { class: 'fd-error', role: 'alert' });
      const li = el('li', { 'data-appointment-uid': a.appointment_uid },
        el('p', { class: 'fd-when' }, `${whenText(a.start)} · ${type?.name ?? ''} · ${t(`status_${a.status}`)}`),
        el('p', {}, await calendarLink(a)),
        el('p', { class: 'fd-actions' },
          el('button', { type: 'button', on: { click: () => { state.rebooking = a; state.type = type ?? state.type; state.doctor = type?.rebooking_mode === 'any_doctor' ? '' : a.doctor_uid; pickSlot(); } } }, t('rebook')),
          ' ',
          el('button', { type: 'button', on: { click: async () => {
            let c;
            try {
              c = await call('POST', `/v1/booking/appointments/${encodeURIComponent(a.appointment_uid)}/cancel`, {});
            } catch (err) {
              return;
            }
            if (!c.ok) {
              error.textContent = c.json?.error?.message ?? t('network');
              return;
            }
            emit('frontdesk:cancelled', { appointment_uid: a.appointment_uid });
            show(el('h2', {}, t('cancelled')), el('p', {}, await calendarLink(c.json)),
              el('p', {}, el('button', { type: 'button', on: { click: manage } }, t('manage'))));
          } } }, t('cancel'))),
        error);
      return li;
    }));
    show(el('h2', {}, t('manage_heading')), header(),
      items.length ? el('ul', { class: 'fd-mine' }, ...items) : el('p', {}, t('none_booked')),
      el('p', {}, el('button', { type: 'button', on: { click: () => { state.rebooking = null; chooseType(); } } }, t('book_another'))));
  }

  start(false);
  return { manage };
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function addDays(date, n) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
