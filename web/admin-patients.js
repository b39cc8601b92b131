// Patient search for admins: by mobile number, MRN or an external
// identifier. The terms go in a POST body (`/patients/search`), so a phone
// number never lands in a URL, the history or an access log.
import { $, api, announce, adminSession, showFieldError, cell } from '/portal.js';

const LABELS = { phone: 'Mobile number', mrn: 'MRN', identifier: 'Identifier value' };

/** A record's display name: its first name entry, else "(no name)". */
export function displayName(p) {
  const n = (p.name ?? [])[0];
  if (!n) return '(no name)';
  const parts = [n.firstName, n.middleName, n.lastName].filter(Boolean);
  return parts.length ? parts.join(' ') : n.family || '(no name)';
}

function row(p) {
  const tr = document.createElement('tr');
  tr.dataset.patientUid = p.patient_uid;
  const name = document.createElement('td');
  const a = document.createElement('a');
  a.href = `/admin/patient#${encodeURIComponent(p.patient_uid)}`;
  a.textContent = displayName(p);
  name.append(a);
  const mobile = (p.telecom ?? []).find((t) => t.system === 'phone');
  tr.append(name, cell(p.birthDate), cell(p.mrn), cell(mobile?.value));
  return tr;
}

function syncLabels() {
  const by = $('by').value;
  $('term-label').firstChild.textContent = `${LABELS[by]} `;
  $('system-label').hidden = by !== 'identifier';
  $('term').type = by === 'phone' ? 'tel' : 'search';
}

async function start() {
  if (!(await adminSession())) return;
  $('by').addEventListener('change', syncLabels);
  syncLabels();
  $('search').addEventListener('submit', async (e) => {
    e.preventDefault();
    const by = $('by').value;
    const term = $('term').value.trim();
    const body =
      by === 'identifier'
        ? { identifier_system: $('identifier_system').value.trim(), identifier_value: term }
        : { [by]: term };
    const r = await api('POST', '/v1/management/patients/search', body);
    if (!r.ok) {
      const error = r.json?.error ?? { message: 'The search failed.' };
      // The API names `phone`, `mrn` or an identifier field; all are typed here.
      showFieldError($('search'), { ...error, field: error.field === 'identifier_system' ? 'identifier_system' : 'term' });
      $('results').hidden = true;
      return;
    }
    showFieldError($('search'), null);
    $('rows').replaceChildren(...r.json.data.map(row));
    $('results').hidden = r.json.data.length === 0;
    announce(r.json.data.length === 1 ? '1 patient found.' : `${r.json.data.length} patients found.`);
  });
}

start();
