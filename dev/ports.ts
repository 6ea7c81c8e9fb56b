/** Local stack addresses. Each can be overridden by environment variable. */
const num = (name: string, fallback: number) => {
  const v = process.env[name];
  return v ? Number(v) : fallback;
};

export const devPorts = {
  postgres: num('VITRINE_PG_PORT', 54320),
  wsProxy: num('VITRINE_WS_PROXY_PORT', 54321),
  redisBridge: num('VITRINE_REDIS_BRIDGE_PORT', 54322),
  storefront: num('VITRINE_STOREFRONT_PORT', 8787),
  jobs: num('VITRINE_JOBS_PORT', 8788),
  admin: num('VITRINE_ADMIN_PORT', 8789),
};

/** Test runs use their own ports so they never collide with a running `npm run dev`. */
export const testPorts = {
  postgres: num('VITRINE_TEST_PG_PORT', 54330),
  wsProxy: num('VITRINE_TEST_WS_PROXY_PORT', 54331),
  redisBridge: num('VITRINE_TEST_REDIS_BRIDGE_PORT', 54332),
};

export const DEV_DATABASE = 'vitrine';
export const DEV_PG_USER = 'postgres';
export const DEV_PG_PASSWORD = 'vitrine-local';
