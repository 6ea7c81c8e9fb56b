/**
 * `test`: a real, deterministic card provider for development and tests
 * (no network, no state). The card number decides the outcome:
 *
 *   4242 4242 4242 4242   approved
 *   4000 0000 0000 0002   declined (card_declined)
 *   4000 0000 0000 9995   declined (insufficient_funds)
 *   4000 0000 0000 0408   never answers: the checkout's deadline fires (timeout)
 *   any other number      declined (card_declined); numbers failing the Luhn check are rejected as bad input earlier
 *
 * Webhooks are signed like Stripe's: header `Vitrine-Signature: t=<unix
 * seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, accepted within
 * 5 minutes of `t`, compared in constant time.
 */
import * as z from 'zod';
import type { PaymentProvider, WebhookEvent } from './provider';

export const TEST_CARDS = {
  approve: '4242424242424242',
  decline: '4000000000000002',
  insufficientFunds: '4000000000009995',
  timeout: '4000000000000408',
} as const;

export const WEBHOOK_SIGNATURE_HEADER = 'Vitrine-Signature';
const TOLERANCE_SECONDS = 300;

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function signTestWebhook(secret: string, rawBody: string, t: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${t}.${rawBody}`)));
  return `t=${t},v1=${sig}`;
}

const webhookBody = z.strictObject({
  type: z.enum(['payment.captured', 'payment.failed', 'payment.refunded']),
  orderId: z.uuid(),
  reference: z.string().min(1).max(200),
  code: z.string().max(60).optional(),
});

function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export function testProvider(webhookSecret: string | undefined): PaymentProvider {
  return {
    id: 'test',
    label: 'Card (test mode)',
    requiresCard: true,
    async authorize(req) {
      const number = req.card?.number ?? '';
      if (number === TEST_CARDS.timeout) return waitForAbort(req.signal);
      if (number === TEST_CARDS.approve) return { status: 'authorized', reference: `test_auth_${req.paymentId}` };
      if (number === TEST_CARDS.insufficientFunds) return { status: 'declined', code: 'insufficient_funds', message: 'The card has insufficient funds.' };
      return { status: 'declined', code: 'card_declined', message: 'The card was declined.' };
    },
    async capture() {
      return { ok: true };
    },
    async refund(req) {
      return { reference: `test_refund_${req.paymentId}` };
    },
    async void() {},
    async verifyWebhook({ rawBody, headers, now }): Promise<WebhookEvent | null> {
      if (!webhookSecret) return null;
      const header = headers.get(WEBHOOK_SIGNATURE_HEADER) ?? '';
      const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header);
      if (!m) return null;
      const t = Number(m[1]);
      if (Math.abs(now / 1000 - t) > TOLERANCE_SECONDS) return null;
      const expected = (await signTestWebhook(webhookSecret, rawBody, t)).slice(-64);
      let diff = 0;
      for (let i = 0; i < 64; i++) diff |= expected.charCodeAt(i) ^ m[2]!.charCodeAt(i);
      if (diff !== 0) return null;
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        return null;
      }
      const body = webhookBody.safeParse(json);
      if (!body.success) return null;
      const e = body.data;
      return e.type === 'payment.failed' ? { type: e.type, orderId: e.orderId, reference: e.reference, code: e.code ?? 'card_declined' } : { type: e.type, orderId: e.orderId, reference: e.reference };
    },
  };
}
