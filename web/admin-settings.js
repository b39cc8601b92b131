// Admin settings: booking secrets (create, reveal, revoke, last used) and
// the organisation's doctors, each with its detail page.
import { $, api, announce, adminSession, showFieldError, when, cell, button } from '/portal.js';

let me = null;
let auditCursor = null;

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

async function loadKeys() {
  const r = await api('GET', '/v1/management/api-keys?limit=200');
  if (!r.ok) return;
  $('keys').replaceChildren(
    ...r.json.data.map((k) => {
      const tr = document.createElement('tr');
      tr.dataset.keyId = k.key_id;
      tr.append(cell(k.key_id), cell(k.name), cell(k.scopes.join(' ')), cell(k.revoked_at ? 'revoked' : 'active'));
      const actions = document.createElement('td');
      if (!k.revoked_at) {
        actions.append(
          button('Revoke', `Revoke ${k.key_id}`, () => {
            actions.replaceChildren(
              button('Confirm revoke', `Confirm revoking ${k.key_id}`, async () => {
                const done = await api('DELETE', `/v1/management/api-keys/${encodeURIComponent(k.key_id)}`);
                announce(done.ok ? `${k.key_id} is revoked.` : done.json?.error?.message ?? 'Could not revoke.');
                await loadKeys();
              }),
              button('Keep', `Keep ${k.key_id}`, loadKeys),
            );
            actions.firstElementChild.focus();
          }),
        );
      }
      tr.append(actions);
      return tr;
    }),
  );
}

async function loadStaff() {
  const r = await api('GET', '/v1/management/staff?limit=200');
  if (!r.ok) return;
  $('staff').replaceChildren(
    ...r.json.data.map((u) => {
      const tr = document.createElement('tr');
      tr.dataset.staffUid = u.staff_uid;
      tr.append(cell(u.name), cell(u.email), cell(u.role), cell(u.active ? 'active' : 'deactivated'));
      const actions = document.createElement('td');
      if (u.staff_uid !== me.staff.staff_uid) {
        const next = !u.active;
        actions.append(
          button(u.active ? 'Deactivate' : 'Reactivate', `${u.active ? 'Deactivate' : 'Reactivate'} ${u.name}`, async () => {
            const done = await api('PATCH', `/v1/management/staff/${encodeURIComponent(u.staff_uid)}`, { active: next });
            if (!done.ok) announce(done.json?.error?.message ?? 'That did not work.');
            else announce(next ? `${u.name} is active again.` : `${u.name} is deactivated; their sessions have ended.`);
            await loadStaff();
          }),
        );
      }
      tr.append(actions);
      return tr;
    }),
  );
}

async function loadAudit(more) {
  const q = new URLSearchParams({ limit: '20' });
  if (more && auditCursor) q.set('cursor', auditCursor);
  const r = await api('GET', `/v1/management/audit-log?${q}`);
  if (!r.ok) return;
  const rows = r.json.data.map((e) => {
    const tr = document.createElement('tr');
    tr.append(cell(when(e.at)), cell(e.actor), cell(e.action), cell(e.target ?? ''), cell(e.outcome ?? ''));
    return tr;
  });
  if (more) $('audit').append(...rows);
  else $('audit').replaceChildren(...rows);
  auditCursor = r.json.next_cursor;
  $('audit-more').hidden = !auditCursor;
}

async function start() {
  me = await adminSession();
  if (!me) return;
  $('invite-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('invite-form');
    const body = { email: $('invite-email').value.trim(), name: $('invite-name').value.trim(), role: $('invite-role').value };
    if ($('invite-doctor').value) body.doctor_uid = $('invite-doctor').value;
    if ($('invite-mobile').value.trim()) body.mobile_phone = $('invite-mobile').value.trim();
    const r = await api('POST', '/v1/management/staff', body);
    if (!r.ok) {
      showFieldError(form, r.json?.error ?? { message: 'Could not invite.' });
      return;
    }
    showFieldError(form, null);
    form.reset();
    announce(`${r.json.name} is invited: they sign in with a link sent to ${r.json.email}.`);
    await loadStaff();
  });
  $('audit-more').addEventListener('click', () => loadAudit(true));
  $('key-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = $('key-form');
    const body = {
      name: $('key-name').value.trim(),
      scopes: [...form.querySelectorAll('input[name="scopes"]:checked')].map((b) => b.value),
    };
    if ($('key-doctor').value) body.doctor_uid = $('key-doctor').value;
    const r = await api('POST', '/v1/management/api-keys', body);
    if (!r.ok) {
      showFieldError(form, r.json?.error ?? { message: 'Could not create the key.' });
      return;
    }
    showFieldError(form, null);
    form.reset();
    const code = document.createElement('code');
    code.id = 'new-key-value';
    code.textContent = r.json.api_key;
    $('new-key').replaceChildren(`New key ${r.json.key_id}: `, code, ' Copy it now: it is not shown again.');
    $('new-key').hidden = false;
    await loadKeys();
  });
  $('create-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = $('secret-name').value.trim();
    const r = await api('POST', '/v1/management/booking-secrets', name ? { name } : {});
    if (!r.ok) $('secret-error').textContent = r.json?.error?.message ?? 'Could not create a secret.';
    else announce(`Created ${r.json.key_id}.`);
    await loadSecrets();
  });
  const doctors = await api('GET', '/v1/management/doctors?limit=200');
  for (const d of doctors.json?.data ?? []) {
    const o = document.createElement('option');
    o.value = d.doctor_uid;
    o.textContent = d.name;
    $('invite-doctor').append(o);
    $('key-doctor').append(o.cloneNode(true));
  }
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
  await Promise.all([loadSecrets(), loadKeys(), loadStaff(), loadAudit(false)]);
}

start();
