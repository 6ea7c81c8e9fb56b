/**
 * `manual`: bank transfer / pay on delivery. Nothing is charged online: the
 * order is placed awaiting payment (its stock is held) and is marked paid
 * when the money arrives. No webhooks.
 */
import type { PaymentProvider } from './provider';

export const manualProvider: PaymentProvider = {
  id: 'manual',
  label: 'Bank transfer',
  requiresCard: false,
  async authorize() {
    return { status: 'awaiting_payment', reference: null };
  },
  async capture() {
    return { ok: true };
  },
  async refund(req) {
    return { reference: `manual-refund-${req.paymentId}` };
  },
  async void() {},
  async verifyWebhook() {
    return null;
  },
};
