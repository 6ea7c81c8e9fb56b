import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, InvalidTransitionError, isTerminal, ORDER_EVENTS, ORDER_STATUSES, transition, type OrderStatus } from './state-machine';

describe('order state machine', () => {
  it('follows the documented happy path', () => {
    expect(transition('pending_payment', 'payment_succeeded').to).toBe('paid');
    expect(transition('paid', 'fulfil').to).toBe('fulfilled');
    expect(transition('fulfilled', 'refund')).toEqual({ to: 'refunded', effects: { restock: false, releaseDiscount: false, refundPayment: true } });
  });

  it('a failed or cancelled unpaid order gives back stock and the discount use', () => {
    expect(transition('pending_payment', 'payment_failed')).toEqual({ to: 'cancelled', effects: { restock: true, releaseDiscount: true, refundPayment: false } });
    expect(transition('pending_payment', 'cancel').effects.restock).toBe(true);
    expect(transition('paid', 'cancel')).toEqual({ to: 'refunded', effects: { restock: true, releaseDiscount: true, refundPayment: true } });
  });

  it('rejects invalid transitions', () => {
    expect(() => transition('pending_payment', 'fulfil')).toThrow(InvalidTransitionError);
    expect(() => transition('cancelled', 'payment_succeeded')).toThrow(/cancelled/);
    expect(() => transition('refunded', 'refund')).toThrow(InvalidTransitionError);
    expect(() => transition('fulfilled', 'cancel')).toThrow(InvalidTransitionError);
    expect(canTransition('paid', 'payment_succeeded')).toBe(false);
    expect(isTerminal('cancelled') && isTerminal('refunded')).toBe(true);
    expect(isTerminal('paid')).toBe(false);
  });

  it('property: any event sequence from pending_payment restocks at most once and never leaves a terminal state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_EVENTS), { maxLength: 12 }), (events) => {
        let s: OrderStatus = 'pending_payment';
        let restocks = 0;
        for (const e of events) {
          if (!canTransition(s, e)) continue;
          const wasTerminal = isTerminal(s);
          const r = transition(s, e);
          if (wasTerminal) return false;
          if (r.effects.restock) restocks++;
          s = r.to;
        }
        return restocks <= 1 && (ORDER_STATUSES as readonly string[]).includes(s);
      }),
    );
  });
});
