/** The order as the API returns it (201 from checkout, GET /api/v1/orders/{id}). */
import type { OrderView } from '../../../../db/queries/orders';
import { orderAccessToken, orderPath } from '../../../../domain/order/access-token';
import { formatOrderNumber } from '../../../../domain/order/confirmation';

export interface OrderJson {
  id: string;
  number: number;
  name: string;
  status: OrderView['status'];
  email: string;
  currency: OrderView['currency'];
  lines: OrderView['lines'];
  totals: { subtotal: number; discount: number; shipping: number; shippingDiscount: number; tax: number; total: number; taxIncluded: boolean };
  discountCode: string | null;
  shippingAddress: OrderView['shippingAddress'];
  shippingMethod: OrderView['shippingMethod'];
  payment: { provider: string; status: string | null; cardLast4: string | null };
  placedAt: string;
  paidAt: string | null;
  /** bearer token for guests: send as `Order-Token` to GET the order, or open links.confirmation */
  accessToken: string;
  links: { self: string; confirmation: string };
}

export async function orderJson(o: OrderView, secret: string): Promise<OrderJson> {
  const token = await orderAccessToken(secret, o.id);
  return {
    id: o.id,
    number: o.number,
    name: formatOrderNumber(o.number),
    status: o.status,
    email: o.email,
    currency: o.currency,
    lines: o.lines,
    totals: {
      subtotal: o.subtotal,
      discount: o.discountTotal,
      shipping: o.shippingTotal,
      shippingDiscount: o.shippingDiscount,
      tax: o.taxTotal,
      total: o.grandTotal,
      taxIncluded: o.taxIncluded,
    },
    discountCode: o.discountCode,
    shippingAddress: o.shippingAddress,
    shippingMethod: o.shippingMethod,
    payment: { provider: o.paymentProvider, status: o.payment?.status ?? null, cardLast4: o.payment?.cardLast4 ?? null },
    placedAt: o.placedAt,
    paidAt: o.paidAt,
    accessToken: token,
    links: { self: `/api/v1/orders/${o.id}`, confirmation: orderPath(o.id, token) },
  };
}
