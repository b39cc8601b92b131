// What the browser tests share: their settings from the environment, the
// API with the test's key, and the accessibility check every page passes.
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';

/** A required setting; the test cannot run without it. */
export function env(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`Set ${name}.`);
    process.exit(2);
  }
  return v;
}

/** Calls the API at `base` with the key `key`: `{status, json, text}`. */
export function apiWith(base, key) {
  return async (method, route, body, headers = {}) => {
    const h = { 'X-API-Key': key, ...headers };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const res = await fetch(base + route, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, text };
  };
}

/** No serious or critical WCAG 2.2 AA violation on the page as it stands. */
export async function axe(page, name) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `${name}: serious or critical accessibility violations`,
  );
}
