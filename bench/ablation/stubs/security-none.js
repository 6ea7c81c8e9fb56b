// @ts-check
// Ablation stub for edge/security: every middleware does nothing.
const pass = () => async (/** @type {unknown} */ _c, /** @type {() => Promise<void>} */ next) => {
  await next();
};
export const securityHeaders = pass;
export const allowMethods = pass;
export const requestLimits = () => [pass()];
