/**
 * The payment-provider interface. A provider authorizes (holds) an amount,
 * captures it, refunds it, voids an authorization, and verifies its
 * webhooks. Every call carries our payment id as the provider-side
 * idempotency key, so a retried call never charges twice.
 */
import type { Currency } from '../../../../domain/money';

export interface AuthorizeRequest {
  /** our payment id: the idempotency key at the provider */
  paymentId: string;
  orderId: string;
  amount: number;
  currency: Currency;
  /** card payments only; never stored or logged (we keep the last four digits) */
  card?: { number: string } | undefined;
  signal: AbortSignal;
}

export type AuthorizeResult =
  | { status: 'authorized'; reference: string }
  /** offline methods (bank transfer): the order waits for the money */
  | { status: 'awaiting_payment'; reference: string | null }
  | { status: 'declined'; code: string; message: string };

export type WebhookEvent =
  | { type: 'payment.captured'; orderId: string; reference: string }
  | { type: 'payment.failed'; orderId: string; reference: string; code: string }
  | { type: 'payment.refunded'; orderId: string; reference: string };

export interface PaymentProvider {
  readonly id: string;
  /** what shoppers see at checkout */
  readonly label: string;
  readonly requiresCard: boolean;
  authorize(req: AuthorizeRequest): Promise<AuthorizeResult>;
  capture(req: { paymentId: string; reference: string; amount: number; currency: Currency; signal: AbortSignal }): Promise<{ ok: true } | { ok: false; code: string }>;
  refund(req: { paymentId: string; reference: string; amount: number; currency: Currency; signal: AbortSignal }): Promise<{ reference: string }>;
  /** releases an authorization (or a payment whose outcome is unknown after a timeout) */
  void(req: { paymentId: string; reference: string | null; signal: AbortSignal }): Promise<void>;
  /** null: not a valid webhook of this provider (bad signature, stale, malformed) */
  verifyWebhook(req: { rawBody: string; headers: Headers; now: number }): Promise<WebhookEvent | null>;
}

export class PaymentTimeoutError extends Error {
  override name = 'PaymentTimeoutError';
}

/** Runs a provider call with a deadline; the provider gets the abort signal. */
export async function withDeadline<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctrl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl.abort();
      reject(new PaymentTimeoutError(`payment provider did not answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([fn(ctrl.signal), deadline]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
