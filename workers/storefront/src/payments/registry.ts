/**
 * The payment providers this deployment offers: PAYMENT_PROVIDERS (comma-
 * separated, e.g. "manual,test"). Production leaves `test` out.
 */
import type { StorefrontEnv } from '../env';
import { manualProvider } from './manual';
import type { PaymentProvider } from './provider';
import { testProvider } from './test-provider';

export const KNOWN_PROVIDERS = ['manual', 'test'] as const;
export type ProviderId = (typeof KNOWN_PROVIDERS)[number];

export function enabledProviders(env: StorefrontEnv): PaymentProvider[] {
  const names = (env.PAYMENT_PROVIDERS || 'manual').split(',').map((s) => s.trim()).filter(Boolean);
  return names.flatMap((n): PaymentProvider[] => {
    if (n === 'manual') return [manualProvider];
    if (n === 'test') return [testProvider(env.TEST_PAYMENT_WEBHOOK_SECRET)];
    return [];
  });
}

export function providerById(env: StorefrontEnv, id: string): PaymentProvider | undefined {
  return enabledProviders(env).find((p) => p.id === id);
}

/** Deadline for one provider call (PAYMENT_TIMEOUT_MS, default 10 s). */
export function paymentTimeoutMs(env: StorefrontEnv): number {
  const n = Number(env.PAYMENT_TIMEOUT_MS);
  return Number.isFinite(n) && n >= 50 && n <= 60_000 ? n : 10_000;
}
