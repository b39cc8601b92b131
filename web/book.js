// The hosted booking page, /book#token=… : the partner's backend mints a
// booking token and sends the customer here; the token stays in the
// fragment, out of every request line and log. `&renew=<url>` names the
// partner's page that mints a fresh token and sends the customer back
// here: it is opened when the token runs out mid-flow (tokens live 15
// minutes at most). `&view=manage` opens on the customer's bookings: the
// manage link a partner sends with a fresh token.
import { mountBooking } from '/booking-flow.js';
import { STRINGS, pickLanguage } from '/booking-i18n.js';

const params = new URLSearchParams(location.hash.slice(1));
const renew = (() => {
  try {
    const url = new URL(params.get('renew') ?? '');
    return url.protocol === 'https:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1' ? url.href : null;
  } catch {
    return null;
  }
})();
const LANG_KEY = 'frontdesk.book.lang';
let lang = pickLanguage(localStorage.getItem(LANG_KEY) ?? undefined);

async function getToken(fresh) {
  if (fresh && renew) {
    location.href = renew;
    return new Promise(() => {});
  }
  return params.get('token') ?? '';
}

function mount() {
  document.documentElement.lang = lang;
  document.getElementById('lang').value = lang;
  document.getElementById('lang-label').textContent = STRINGS[lang].language;
  document.getElementById('title').textContent = STRINGS[lang].book_heading;
  const flow = document.getElementById('flow');
  flow.replaceChildren();
  if (!params.get('token')) {
    const p = document.createElement('p');
    p.textContent = STRINGS[lang].expired_text;
    flow.append(p);
    return;
  }
  mountBooking(flow, {
    getToken,
    lang,
    view: params.get('view') ?? undefined,
    emit: (name, detail) => document.dispatchEvent(new CustomEvent(name, { detail })),
  });
}

document.getElementById('lang').addEventListener('change', (e) => {
  lang = pickLanguage(e.target.value);
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // A private window may refuse; the choice lasts for this page.
  }
  // A new fragment (the partner's redirect back with a fresh token, or a
// manage link) is a new visit.
window.addEventListener('hashchange', () => location.reload());

mount();
});

// A new fragment (the partner's redirect back with a fresh token, or a
// manage link) is a new visit.
window.addEventListener('hashchange', () => location.reload());

mount();
