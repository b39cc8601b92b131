// Notification subscriptions (webhooks) for admins: create one (its
// signing secret is shown once), edit it, delete it, and read its delivery
// log with every attempt, redelivering what failed.
import { $, api, announce, adminSession, showFieldError, when, cell, button } from '/portal.js';

// The catalogue, from the API document the Worker serves: one list, kept
// by the server.
let eventTypes = [];
let editing = null; // the subscription being edited, or null for a new one
let logFor = null; // the subscription whose deliveries are shown
let logCursor = null;

async function loadEventTypes() {
  const doc = await fetch('/v1/openapi.json').then((r) => r.json());
  eventTypes = doc.components.schemas.WebhookEventType?.enum ?? [];
  $('events').replaceChildren(
    Object.assign(document.createElement('legend'), { textContent: 'Events' }),
    ...eventTypes.map((t) => {
      const label = document.createElement('label');
      const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'event_types', value: t });
      label.append(box, ` ${t}`);
      return label;
    }),
  );
}

function edit(s) {
  editing = s;
  $('form-title').textContent = `Edit ${s.url}`;
  $('url').value = s.url;
  $('enabled').checked = s.enabled;
  for (const box of document.querySelectorAll('input[name="event_types"]')) box.checked = s.event_types.includes(box.value);
  $('save').textContent = 'Save the subscription';
  $('cancel-edit').hidden = false;
  $('url').focus();
}

function stopEditing() {
  editing = null;
  $('sub-form').reset();
  $('form-title').textContent = 'New subscription';
  $('save').textContent = 'Create the subscription';
  $('cancel-edit').hidden = true;
  showFieldError($('sub-form'), null);
}

async function remove(s, row) {
  const actions = row.lastElementChild;
  actions.replaceChildren(
    button('Confirm delete', `Confirm deleting the subscription to ${s.url}`, async () => {
      const r = await api('DELETE', `/v1/management/webhook-subscriptions/${encodeURIComponent(s.subscription_id)}`);
      announce(r.ok ? 'The subscription is deleted.' : (r.json?.error?.message ?? 'Could not delete.'));
      if (logFor?.subscription_id === s.subscription_id) $('log').hidden = true;
      await loadSubscriptions();
    }),
    button('Keep', `Keep the subscription to ${s.url}`, loadSubscriptions),
  );
  actions.firstElementChild.focus();
}

async function loadSubscriptions() {
  const r = await api('GET', '/v1/management/webhook-subscriptions?limit=200');
  if (!r.ok) return;
  $('subscriptions').replaceChildren(
    ...r.json.data.map((s) => {
      const tr = document.createElement('tr');
      tr.dataset.subscriptionId = s.subscription_id;
      const state = s.enabled ? 'enabled' : `disabled${s.disabled_reason ? `: ${s.disabled_reason}` : ''}`;
      const actions = document.createElement('td');
      actions.className = 'controls';
      actions.append(
        button('Edit', `Edit the subscription to ${s.url}`, () => edit(s)),
        button('Delivery log', `Delivery log of ${s.url}`, () => showLog(s)),
        button('Delete', `Delete the subscription to ${s.url}`, () => remove(s, tr)),
      );
      tr.append(cell(s.url), cell(s.event_types.join(', ')), cell(state), actions);
      return tr;
    }),
  );
}

function attemptsList(d) {
  const td = document.createElement('td');
  if (!d.attempts.length) {
    td.textContent = d.next_attempt_at ? `next at ${when(d.next_attempt_at)}` : 'none yet';
    return td;
  }
  const ol = document.createElement('ol');
  for (const a of d.attempts) {
    const li = document.createElement('li');
    const answer = a.status_code === null ? (a.error ?? 'no answer') : `HTTP ${a.status_code}`;
    li.textContent = `${when(a.attempted_at)}: ${answer}, ${a.duration_ms} ms`;
    ol.append(li);
  }
  td.append(ol);
  return td;
}

async function redeliver(d) {
  const sub = encodeURIComponent(logFor.subscription_id);
  const r = await api('POST', `/v1/management/webhook-subscriptions/${sub}/deliveries/${encodeURIComponent(d.delivery_id)}/redeliver`);
  announce(r.ok ? `${d.event_type} is queued again.` : (r.json?.error?.message ?? 'Could not redeliver.'));
  await showLog(logFor);
}

function deliveryRow(d) {
  const tr = document.createElement('tr');
  tr.dataset.deliveryId = d.delivery_id;
  const actions = document.createElement('td');
  actions.append(button('Redeliver', `Redeliver ${d.event_type} of ${when(d.created_at)}`, () => redeliver(d)));
  tr.append(cell(`${d.event_type} (${when(d.created_at)})`), cell(d.status), attemptsList(d), actions);
  return tr;
}

async function loadLog(more) {
  const sub = encodeURIComponent(logFor.subscription_id);
  const cursor = more && logCursor ? `&cursor=${encodeURIComponent(logCursor)}` : '';
  const r = await api('GET', `/v1/management/webhook-subscriptions/${sub}/deliveries?limit=50${cursor}`);
  if (!r.ok) return;
  const rows = r.json.data.map(deliveryRow);
  if (more) $('deliveries').append(...rows);
  else $('deliveries').replaceChildren(...rows);
  logCursor = r.json.next_cursor ?? null;
  $('log-more').hidden = !logCursor;
}

async function showLog(s) {
  logFor = s;
  $('log-title').textContent = `Delivery log of ${s.url}`;
  $('log').hidden = false;
  await loadLog(false);
}

async function start() {
  if (!(await adminSession())) return;
  await loadEventTypes();
  $('cancel-edit').addEventListener('click', stopEditing);
  $('log-more').addEventListener('click', () => loadLog(true));
  $('sub-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      url: $('url').value.trim(),
      event_types: [...document.querySelectorAll('input[name="event_types"]:checked')].map((b) => b.value),
      enabled: $('enabled').checked,
    };
    if (editing) body.headers = editing.headers;
    const r = editing
      ? await api('PUT', `/v1/management/webhook-subscriptions/${encodeURIComponent(editing.subscription_id)}`, body)
      : await api('POST', '/v1/management/webhook-subscriptions', body);
    if (!r.ok) {
      showFieldError($('sub-form'), r.json?.error ?? { message: 'Could not save the subscription.' });
      return;
    }
    if (editing) {
      announce('The subscription is saved.');
    } else {
      const code = Object.assign(document.createElement('code'), { id: 'secret-value', textContent: r.json.secret });
      $('secret').replaceChildren('Signing secret: ', code, ' It is shown only now: keep it with the receiving service.');
      $('secret').hidden = false;
      announce('The subscription is created. Its signing secret is shown below the form.');
    }
    stopEditing();
    await loadSubscriptions();
  });
  await loadSubscriptions();
}

start();
