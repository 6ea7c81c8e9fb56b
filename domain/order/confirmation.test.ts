import { describe, expect, it } from 'vitest';
import { DEFAULT_SHOP_SETTINGS } from '../pricing/settings';
import { renderOrderConfirmation, type OrderForMessage } from './confirmation';

const order: OrderForMessage = {
  number: 1042,
  status: 'paid',
  email: 'a@example.com',
  currency: 'USD',
  taxIncluded: false,
  subtotal: 4000,
  discountTotal: 400,
  shippingTotal: 599,
  shippingDiscount: 0,
  taxTotal: 144,
  grandTotal: 4343,
  discountCode: 'SAVE10',
  shippingAddress: { name: 'Ada L', line1: '1 Main St', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' },
  shippingMethod: { name: 'Standard', description: '3–5 business days' },
  paymentProvider: 'test',
  lines: [{ productTitle: 'Mug', variantTitle: 'Blue', sku: 'MUG-B', quantity: 2, unitPrice: 2000, total: 3744 }],
};

describe('order confirmation message', () => {
  it('lists lines, totals, address and the order link', () => {
    const m = renderOrderConfirmation(order, 'https://shop.test/orders/x?token=y', DEFAULT_SHOP_SETTINGS);
    expect(m.subject).toBe('Vitrine: order #1042 confirmed');
    expect(m.text).toContain('2 × Mug (Blue) — $37.44');
    expect(m.text).toContain('Discount (SAVE10): −$4.00');
    expect(m.text).toContain('Total: $43.43');
    expect(m.text).toContain('United States');
    expect(m.text).toContain('https://shop.test/orders/x?token=y');
    expect(m.text).not.toContain('IBAN');
  });

  it('adds bank transfer instructions to manual orders awaiting payment', () => {
    const m = renderOrderConfirmation({ ...order, status: 'pending_payment', paymentProvider: 'manual' }, 'u', DEFAULT_SHOP_SETTINGS);
    expect(m.subject).toContain('awaiting payment');
    expect(m.text).toContain('IBAN');
  });
});
