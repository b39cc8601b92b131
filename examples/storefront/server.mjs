// An example partner storefront: a tiny backend that mints Frontdesk
// booking tokens (HS256 JWTs signed with a booking secret) and a page that
// embeds the <frontdesk-booking> widget, plus the redirect flow to the
// hosted page. No dependencies: Node's own http and crypto.
//
//   FRONTDESK_URL=http://localhost:8787 BOOKING_KID=bk_… BOOKING_SECRET=bks_… \
//   PORT=3000 node examples/storefront/server.mjs
//
// Then open http://localhost:3000/ (the widget) or
// http://localhost:3000/book (the hosted page). A real storefront mints for
// its signed-in customer; this one takes a `customer` query parameter.
import { createServer } from 'node:http';
import { createHmac, randomUUID } from 'node:crypto';

const FRONTDESK = (process.env.FRONTDESK_URL || 'http://localhost:8787').replace(/\/+$/, '');
const KID = process.env.BOOKING_KID || '';
const SECRET = process.env.BOOKING_SECRET || '';
const PORT = Number(process.env.PORT || 3000);
if (!KID || !SECRET) {
  console.error('Set BOOKING_KID and BOOKING_SECRET (create one under /admin/settings, or POST /v1/management/booking-secrets).');
  process.exit(2);
}

/** A booking token for one customer: 10 minutes, one booking (`jti`). */
function mint(customer) {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: customer,
    aud: 'frontdesk-booking',
    iat: now,
    exp: now + 600,
    jti: randomUUID(),
    name: 'Example Customer',
    email: `${customer}@storefront.example`,
  };
  const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: KID })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

const page = (customer) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Example storefront</title>
  <style>
    body { font: 18px/1.6 Georgia, serif; margin: 0 auto; max-width: 44rem; padding: 1rem; color: #222; }
    /* The shop's own styles: none of this reaches the widget. */
    button { background: #c00; color: #ff0; border-radius: 0; font-family: monospace; }
    frontdesk-booking { --fd-accent: #2d6a4f; --fd-radius: 14px; border: 1px solid #ccc; padding: 1rem; }
  </style>
  <script type="module" src="${FRONTDESK}/widget.js"></script>
</head>
<body>
  <h1>Example storefront</h1>
  <p>Book a consultation without leaving the shop.</p>
  <p><button type="button" id="shop-button">A button of the shop</button></p>
  <frontdesk-booking id="booking" lang="en"></frontdesk-booking>
  <p id="events" role="status"></p>
  <script type="module">
    const widget = document.getElementById('booking');
    // Minted just in time by this shop's backend, for its customer.
    widget.tokenProvider = async () => (await fetch('/booking-token?customer=${encodeURIComponent(customer)}', { method: 'POST' })).text();
    for (const name of ['frontdesk:held', 'frontdesk:booked', 'frontdesk:cancelled']) {
      widget.addEventListener(name, (e) => {
        document.getElementById('events').textContent += name + ' ' + e.detail.appointment_uid + '\\n';
      });
    }
  </script>
</body>
</html>`;

createServer((req, res) => {
  const url = new URL(req.url, `http://localhost:${PORT}`);
  const customer = (url.searchParams.get('customer') || 'storefront-customer').replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 100) || 'storefront-customer';
  if (req.method === 'POST' && url.pathname === '/booking-token') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    return res.end(mint(customer));
  }
  if (req.method === 'GET' && url.pathname === '/book') {
    // The redirect flow: the token rides in the fragment; `renew` brings
    // the customer back here for a fresh one if it runs out mid-flow.
    const renew = `http://localhost:${PORT}/book?customer=${encodeURIComponent(customer)}`;
    res.writeHead(302, { Location: `${FRONTDESK}/book#token=${mint(customer)}&renew=${encodeURIComponent(renew)}` });
    return res.end();
  }
  if (req.method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    return res.end(page(customer));
  }
  res.writeHead(404);
  res.end();
}).listen(PORT, '127.0.0.1', () => console.log(`storefront on http://localhost:${PORT}/`));
