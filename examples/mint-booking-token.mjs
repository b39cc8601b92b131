// Mints a Frontdesk booking token the way a partner's backend would, with
// nothing but the WebCrypto API built into Node.js 20+ (and browsers, Deno,
// Cloudflare Workers). Any standard JWT library works the same way, e.g.
// `jose`: new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid }).sign(key).
//
// Usage:
//   FRONTDESK_KEY_ID=bk_... FRONTDESK_SECRET=bks_... \
//     node examples/mint-booking-token.mjs customer-42 [shop_uid]
// prints the token on stdout.

const keyId = process.env.FRONTDESK_KEY_ID;
const secret = process.env.FRONTDESK_SECRET;
const [customerId, shopUid] = process.argv.slice(2);
if (!keyId || !secret || !customerId) {
  console.error('usage: FRONTDESK_KEY_ID=... FRONTDESK_SECRET=... node mint-booking-token.mjs <customer id> [shop_uid]');
  process.exit(2);
}

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');
const encode = (value) => base64url(new TextEncoder().encode(JSON.stringify(value)));

export async function mintBookingToken({ keyId, secret, customerId, shopUid, profile = {} }) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'HS256', typ: 'JWT', kid: keyId };
  const claims = {
    sub: customerId, // your stable customer id (or a Frontdesk patient_profile_uid)
    aud: 'frontdesk-booking',
    iat: now,
    exp: now + 600, // at most 15 minutes
    jti: crypto.randomUUID(), // a token books once
    ...(shopUid ? { shop_uid: shopUid } : {}),
    // Optional: name, email, phone_number, and email_verified /
    // phone_number_verified (true only when your backend has verified them).
    ...profile,
  };
  const input = `${encode(header)}.${encode(claims)}`;
  const key = await crypto.subtle.importKey(
    'raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

console.log(await mintBookingToken({ keyId, secret, customerId, shopUid }));
