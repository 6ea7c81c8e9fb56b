/** Errors the admin's services throw on purpose (validation, conflicts): answered as they are, never logged as failures. */
export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422,
    message: string,
    readonly fields: Record<string, string> = {},
    /** problem type slug (https://vitrine.dev/problems/<slug>); the status' generic one when absent */
    readonly problemType?: string,
  ) {
    super(message);
  }
}
