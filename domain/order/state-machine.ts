/**
 * Order lifecycle. Every status change goes through `transition`, which
 * rejects anything not in the table:
 *
 *   pending_payment ──payment_succeeded──► paid ──fulfil──► fulfilled
 *        │                                  │                  │
 *        ├─payment_failed──► cancelled      ├─cancel──► refunded (refund issued)
 *        └─cancel──────────► cancelled      └─refund──► refunded ◄──refund──┘
 *
 * `effects` says what the transition must do to stock and the discount code
 * in the same transaction: an order that never got paid gives its units and
 * its discount use back; a refund before shipping restocks, after shipping not.
 */
export const ORDER_STATUSES = ['pending_payment', 'paid', 'fulfilled', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_EVENTS = ['payment_succeeded', 'payment_failed', 'cancel', 'fulfil', 'refund'] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export interface TransitionEffects {
  /** put the order's units back on hand */
  restock: boolean;
  /** give the discount use back (the code's usage limit counts it no more) */
  releaseDiscount: boolean;
  /** money must be returned to the shopper */
  refundPayment: boolean;
}

const NONE: TransitionEffects = { restock: false, releaseDiscount: false, refundPayment: false };

const TABLE: Partial<Record<OrderStatus, Partial<Record<OrderEvent, [OrderStatus, TransitionEffects]>>>> = {
  pending_payment: {
    payment_succeeded: ['paid', NONE],
    payment_failed: ['cancelled', { restock: true, releaseDiscount: true, refundPayment: false }],
    cancel: ['cancelled', { restock: true, releaseDiscount: true, refundPayment: false }],
  },
  paid: {
    fulfil: ['fulfilled', NONE],
    cancel: ['refunded', { restock: true, releaseDiscount: true, refundPayment: true }],
    refund: ['refunded', { restock: true, releaseDiscount: false, refundPayment: true }],
  },
  fulfilled: {
    refund: ['refunded', { restock: false, releaseDiscount: false, refundPayment: true }],
  },
};

export class InvalidTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly event: OrderEvent,
  ) {
    super(`an order that is ${from.replace('_', ' ')} cannot take "${event}"`);
    this.name = 'InvalidTransitionError';
  }
}

export function canTransition(from: OrderStatus, event: OrderEvent): boolean {
  return TABLE[from]?.[event] !== undefined;
}

export function transition(from: OrderStatus, event: OrderEvent): { to: OrderStatus; effects: TransitionEffects } {
  const entry = TABLE[from]?.[event];
  if (!entry) throw new InvalidTransitionError(from, event);
  return { to: entry[0], effects: entry[1] };
}

export function isTerminal(status: OrderStatus): boolean {
  return ORDER_EVENTS.every((e) => !canTransition(status, e));
}

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  fulfilled: 'Shipped',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};
