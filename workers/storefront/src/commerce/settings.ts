/** The shop's pricing settings and currency for a request. */
import type { Context } from 'hono';
import { isCurrency, type Currency } from '../../../../domain/money';
import { DEFAULT_SHOP_SETTINGS, type ShopSettings } from '../../../../domain/pricing/settings';
import type { AppEnv } from '../context';

export const shopSettings: ShopSettings = DEFAULT_SHOP_SETTINGS;

export function shopCurrency(c: Context<AppEnv>): Currency {
  return isCurrency(c.env.DEFAULT_CURRENCY) ? c.env.DEFAULT_CURRENCY : 'USD';
}

export function requestOrigin(c: Context<AppEnv>): string {
  return c.env.PUBLIC_ORIGIN || new URL(c.req.url).origin;
}
