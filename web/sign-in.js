// The sign-in page. With `#token=…` (the emailed link) it exchanges the
// token for a session cookie once, and removes it from the address bar;
// without one it asks for a link. The token stays in the fragment, so it
// never reaches a server log or a Referer.

const $ = (id) => document.getElementById(id);

function say(text) {
  $('status').textContent = text;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  return { ok: res.ok, status: res.status, json };
}

function showSignedIn(session) {
  const s = session.staff;
  const role = { doctor: 'doctor', medical_assistant: 'medical assistant' }[s.role] ?? 'admin';
  $('who').textContent = `${s.name} (${s.email}), ${role}.`;
  $('ask').hidden = true;
  $('signed-in').hidden = false;
  // Medical assistants have no portal page yet: they work through the API.
  $('go').hidden = s.role === 'medical_assistant';
  $('go').href = s.role === 'doctor' ? '/doctor' : '/admin';
  $('go').textContent = s.role === 'doctor' ? 'Open your day' : 'Open the admin portal';
}

async function signOut(everywhere) {
  const path = everywhere ? '/v1/auth/sign-out-everywhere' : '/v1/auth/session';
  const r = await api(everywhere ? 'POST' : 'DELETE', path);
  $('signed-in').hidden = true;
  $('ask').hidden = false;
  say(r.ok ? 'You are signed out.' : 'Your session had already ended.');
  $('email').focus();
}

async function start() {
  $('sign-out').addEventListener('click', () => signOut(false));
  $('sign-out-everywhere').addEventListener('click', () => signOut(true));
  $('ask-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = $('email').value.trim();
    if (!email.includes('@')) {
      $('email-error').textContent = 'Enter your email address, such as ana@clinic.example.';
      $('email').setAttribute('aria-invalid', 'true');
      $('email').focus();
      return;
    }
    $('email-error').textContent = '';
    $('email').removeAttribute('aria-invalid');
    const r = await api('POST', '/v1/auth/sign-in', { email });
    if (r.ok) say(r.json.message);
    else if (r.json?.error?.field === 'email') {
      $('email-error').textContent = r.json.error.message;
      $('email').setAttribute('aria-invalid', 'true');
      $('email').focus();
    } else say(r.json?.error?.message ?? 'Something went wrong; try again.');
  });

  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) {
    history.replaceState(null, '', location.pathname);
    say('Signing you in…');
    const r = await api('POST', '/v1/auth/session', { token });
    if (r.ok) {
      // Straight to the portal: a doctor's day, an admin's overview.
      if (r.json.staff.role !== 'medical_assistant') {
        location.replace(r.json.staff.role === 'doctor' ? '/doctor' : '/admin');
        return;
      }
      showSignedIn(r.json);
      return;
    }
    say(r.json?.error?.message ?? 'This link did not work; ask for a new one.');
    return;
  }
  const current = await api('GET', '/v1/auth/session');
  if (current.ok) showSignedIn(current.json);
}

start();
