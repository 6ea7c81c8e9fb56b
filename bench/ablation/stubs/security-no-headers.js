// @ts-check
// Ablation stub for edge/security: securityHeaders() does nothing; the rest is real.
export { allowMethods, requestLimits } from '../../../edge/security/security';

export function securityHeaders() {
  return async (/** @type {unknown} */ _c, /** @type {() => Promise<void>} */ next) => {
    await next();
  };
}
