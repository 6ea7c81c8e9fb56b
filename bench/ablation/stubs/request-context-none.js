// @ts-check
// Ablation stub for edge/request-context: no request id generation, no
// x-request-id header, no metrics data point (the variable is still set).
export * from '../../../edge/request-context/log';

export function requestContext() {
  return async (/** @type {{ set(k: string, v: string): void }} */ c, /** @type {() => Promise<void>} */ next) => {
    c.set('requestId', 'bench-ablation');
    await next();
  };
}
