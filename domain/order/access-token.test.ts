import { describe, expect, it } from 'vitest';
import { orderAccessToken, orderPath, verifyOrderAccessToken } from './access-token';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const id = '6f1c2d9e-0000-4000-8000-000000000001';

describe('signed guest order links', () => {
  it('verifies its own tokens only', async () => {
    const t = await orderAccessToken(secret, id);
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await verifyOrderAccessToken(secret, id, t)).toBe(true);
    expect(await verifyOrderAccessToken(secret, id.replace('1', '2'), t)).toBe(false);
    expect(await verifyOrderAccessToken(`${secret}x`, id, t)).toBe(false);
    expect(await verifyOrderAccessToken(secret, id, `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(await verifyOrderAccessToken(secret, id, '')).toBe(false);
    expect(orderPath(id, t)).toBe(`/orders/${id}?token=${t}`);
  });

  it('refuses a missing or short secret', async () => {
    await expect(orderAccessToken('', id)).rejects.toThrow(/ORDER_LINK_SECRET/);
  });
});
