// What every portal page shares: the API with the session cookie, who is
// signed in, and signing out. Pages are plain ES modules; nothing is
// fetched from anywhere but this origin.

export const $ = (id) => document.getElementById(id);

/** Calls the API with the session cookie; a 401 shows the signed-out note. */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401) signedOut();
  const json = res.status === 204 ? null : await res.json().catch(() => null);
  return { ok: res.ok, status: res.status, json };
}

export function signedOut() {
  for (const el of document.querySelectorAll('[data-signed-in]')) el.hidden = true;
  const note = $('signed-out');
  if (note) note.hidden = false;
}

export function announce(text) {
  const el = $('announce');
  if (el) el.textContent = text;
}

/**
 * The signed-in user of `role` (`doctor` or `admin`): their session, or
 * null, with the page saying why. Wires the sign-out button.
 */
async function staffSession(role) {
  $('sign-out')?.addEventListener('click', async () => {
    await api('DELETE', '/v1/auth/session');
    location.href = '/sign-in';
  });
  const me = await api('GET', '/v1/auth/session');
  if (!me.ok) {
    signedOut();
    return null;
  }
  $('who').textContent = me.json.staff.name;
  const fits = me.json.staff.role === role && (role !== 'doctor' || me.json.shop_uid);
  if (!fits) {
    const note = $('signed-out');
    note.hidden = false;
    note.textContent =
      role === 'doctor'
        ? 'These pages are for doctors. Admins use the admin portal.'
        : 'These pages are for admins. Doctors use the doctor portal.';
    return null;
  }
  for (const el of document.querySelectorAll('[data-signed-in]')) el.hidden = false;
  return me.json;
}

/** The signed-in doctor (with their shop), or null. */
export const doctorSession = () => staffSession('doctor');

/** The signed-in admin, or null. */
export const adminSession = () => staffSession('admin');

/** A table cell holding `text` (never markup). */
export function cell(text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  return td;
}

/** A button with its own accessible name, for rows of like buttons. */
export function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

/** An instant as this browser shows it. */
export function when(iso) {
  return new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** The error's message, shown next to the field it names (`data-field`). */
export function showFieldError(form, error) {
  for (const el of form.querySelectorAll('[data-error-for]')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  if (!error) return;
  const field = (error.field ?? '').split(/[.[]/)[0];
  const slot = form.querySelector(`[data-error-for="${field}"]`) ?? form.querySelector('[data-error-for="*"]');
  if (slot) slot.textContent = error.message;
  const input = form.querySelector(`[name="${field}"]`);
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}
