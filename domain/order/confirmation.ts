/**
 * The order confirmation message (plain text), rendered from an order
 * snapshot. Pure: the consumer hands it to a notification provider.
 */
import { formatAddress, type Address } from '../address';
import { formatMoney, type Currency } from '../money';
import type { ShopSettings } from '../pricing/settings';
import type { OrderStatus } from './state-machine';

export interface OrderForMessage {
  number: number;
  status: OrderStatus;
  email: string;
  currency: Currency;
  taxIncluded: boolean;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  shippingDiscount: number;
  taxTotal: number;
  grandTotal: number;
  discountCode: string | null;
  shippingAddress: Address;
  shippingMethod: { name: string; description: string };
  paymentProvider: string;
  lines: { productTitle: string; variantTitle: string; sku: string; quantity: number; unitPrice: number; total: number }[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

export const SHOP_NAME = 'Vitrine';

export function formatOrderNumber(n: number): string {
  return `#${n}`;
}

export const MANUAL_PAYMENT_INSTRUCTIONS = [
  'Please pay by bank transfer within 7 days:',
  'Account holder: Vitrine Goods Ltd · IBAN: DE89 3704 0044 0532 0130 00 · BIC: COBADEFFXXX',
  'Use your order number as the payment reference. We ship as soon as the payment arrives.',
];

export function renderOrderConfirmation(order: OrderForMessage, orderUrl: string, settings: ShopSettings): RenderedMessage {
  const m = (amount: number) => formatMoney({ amount, currency: order.currency });
  const num = formatOrderNumber(order.number);
  const awaiting = order.status === 'pending_payment';
  const lines: string[] = [
    `Thank you for your order ${num}.`,
    awaiting ? 'We have reserved your items and are waiting for your payment.' : 'We have received your payment and are preparing your order.',
    '',
    ...order.lines.map((l) => `${l.quantity} × ${l.productTitle}${l.variantTitle && l.variantTitle !== 'Default' ? ` (${l.variantTitle})` : ''} — ${m(l.total)}`),
    '',
    `Subtotal: ${m(order.subtotal)}`,
  ];
  if (order.discountTotal > 0) lines.push(`Discount${order.discountCode ? ` (${order.discountCode})` : ''}: −${m(order.discountTotal)}`);
  const shipping = order.shippingTotal - order.shippingDiscount;
  lines.push(`Shipping (${order.shippingMethod.name}): ${shipping === 0 ? 'Free' : m(shipping)}`);
  lines.push(order.taxIncluded ? `Including tax: ${m(order.taxTotal)}` : `Tax: ${m(order.taxTotal)}`);
  lines.push(`Total: ${m(order.grandTotal)}`, '', 'Shipping to:', ...formatAddress(settings, order.shippingAddress), '');
  if (awaiting && order.paymentProvider === 'manual') lines.push(...MANUAL_PAYMENT_INSTRUCTIONS, '');
  lines.push(`View your order: ${orderUrl}`, '', `— ${SHOP_NAME}`);
  return {
    subject: awaiting ? `${SHOP_NAME}: order ${num} received — awaiting payment` : `${SHOP_NAME}: order ${num} confirmed`,
    text: lines.join('\n'),
  };
}
