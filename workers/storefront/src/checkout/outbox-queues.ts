import type { QueueRoutes } from '../../../../queues/outbox-relay';
import type { StorefrontEnv } from '../env';

/**
 * Queues for publishing outbox rows right after commit, or null to leave them
 * to the jobs worker's relay. `npm run dev` runs each worker in its own
 * `wrangler dev` process, where a queue only reaches consumers in the same
 * process, so the dev stack sets OUTBOX_DIRECT_PUBLISH=0; in production (and
 * tests) the storefront publishes directly and the relay is the safety net.
 */
export function directOutboxQueues(env: StorefrontEnv): QueueRoutes | null {
  if (env.OUTBOX_DIRECT_PUBLISH === '0') return null;
  return { 'catalog.': env.CATALOG_EVENTS, 'order.': env.ORDER_EVENTS };
}
