// <frontdesk-booking>: the booking flow inside a partner's page.
//
//   <script type="module" src="https://frontdesk.example/widget.js"></script>
//   <frontdesk-booking token="eyJ…"></frontdesk-booking>
//
// or, to mint just in time, a token callback (called again when a token
// runs out):
//
//   document.querySelector('frontdesk-booking').tokenProvider =
//     async () => (await fetch('/booking-token', { method: 'POST' })).text();
//
// The flow renders in a shadow root, so the host page's styles stay out;
// theme it with CSS custom properties on the element (--fd-accent,
// --fd-fg, --fd-bg, --fd-muted, --fd-line, --fd-bad, --fd-radius,
// --fd-font). It emits `frontdesk:held`, `frontdesk:booked`,
// `frontdesk:cancelled` (detail `{appointment_uid}`) and
// `frontdesk:token-expired`, bubbling out of the shadow root. Everything
// it loads and calls is on the Frontdesk origin this script came from.
import { mountBooking } from './booking-flow.js';

const STYLES = new URL('./booking.css', import.meta.url).href;

class FrontdeskBooking extends HTMLElement {
  constructor() {
    super();
    this.tokenProvider = null;
    this.mounted = false;
  }

  connectedCallback() {
    if (this.mounted) return;
    this.mounted = true;
    const root = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLES;
    const frame = document.createElement('div');
    frame.setAttribute('part', 'frame');
    root.append(link, frame);
    // Mounted once the element has been upgraded and its properties set.
    queueMicrotask(() =>
      mountBooking(frame, {
        lang: this.getAttribute('lang') || undefined,
        getToken: async (fresh) => {
          if (this.tokenProvider) return this.tokenProvider(fresh);
          return this.getAttribute('token') ?? '';
        },
        emit: (name, detail) => this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true })),
      }),
    );
  }
}

if (!customElements.get('frontdesk-booking')) customElements.define('frontdesk-booking', FrontdeskBooking);
