// Admin settings: booking secrets (create, reveal, revoke, last used) and
// the organisation's doctors, each with its detail page.
import { $, api, announce, adminSession, when } from '/portal.js';

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

async function reveal(s) {
  const r = await api('POST', `/v1/management/booking-secrets/${encodeURIComponent(s.key_id)}/reveal`);
  if (!r.ok) {
    $('secret-error').textContent = r.json?.error?.message ?? 'Could not reveal the secret.';
    return;
  }
  const out = $('revealed');
  const code = document.createElement('code');
  code.id = 'secret-value';
  code.textContent = r.json.secret;
  out.replaceChildren(`Secret of ${s.key_id}: `, code, ' Keep it in the partner backend only; it is shown again only on request, and every reveal is audited.');
  out.hidden = false;
  announce('The secret is shown below the table.');
}

async function revoke(s, row) {
  // Two steps: the first click asks, the second revokes.
  const actions = row.lastElementChild;
  actions.replaceChildren(
    button('Confirm revoke', `Confirm revoking ${s.key_id}`, async () => {
      const r = await api('DELETE', `/v1/management/booking-secrets/${encodeURIComponent(s.key_id)}`);
      if (!r.ok) $('secret-error').textContent = r.json?.error?.message ?? 'Could not revoke.';
      else announce(`${s.key_id} is revoked.`);
      await loadSecrets();
    }),
    button('Keep', `Keep ${s.key_id}`, loadSecrets),
  );
  actions.firstElementChild.focus();
}

async function loadSecrets() {
  const r = await api('GET', '/v1/management/booking-secrets?limit=200');
  if (!r.ok) return;
  $('secrets').replaceChildren(
    ...r.json.data.map((s) => {
      const tr = document.createElement('tr');
      tr.dataset.keyId = s.key_id;
      tr.append(cell(s.key_id), cell(s.name), cell(s.last_used_at ? when(s.last_used_at) : 'never'), cell(s.revoked_at ? 'revoked' : 'active'));
      const actions = document.createElement('td');
      if (!s.revoked_at) {
        actions.append(
          button('Reveal', `Reveal ${s.key_id}`, () => reveal(s)),
          button('Revoke', `Revoke ${s.key_id}`, () => revoke(s, tr)),
        );
      }
      tr.append(actions);
      return tr;
    }),
  );
}

async function start() {
  if (!(await adminSession())) return;
  $('create-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = $('secret-name').value.trim();
    const r = await api('POST', '/v1/management/booking-secrets', name ? { name } : {});
    if (!r.ok) $('secret-error').textContent = r.json?.error?.message ?? 'Could not create a secret.';
    else announce(`Created ${r.json.key_id}.`);
    await loadSecrets();
  });
  const doctors = await api('GET', '/v1/management/doctors?limit=200');
  $('doctors').replaceChildren(
    ...(doctors.json?.data ?? []).map((d) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/admin/doctor#${encodeURIComponent(d.doctor_uid)}`;
      a.textContent = d.name;
      li.append(a);
      return li;
    }),
  );
  await loadSecrets();
}

start();
