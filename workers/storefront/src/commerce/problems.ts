/**
 * Problem responses of the cart, checkout and order endpoints: RFC 9457
 * problem+json with a specific `type` per failure, thrown as HTTPException
 * so the app-wide error handler returns them unchanged.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';
import { PROBLEM_CONTENT_TYPE, problemDetails, problemResponse, zodIssues, type ProblemIssue } from '../../../../edge/problem';

const TYPE_BASE = 'https://vitrine.dev/problems/';

export interface CommerceProblem {
  status: ContentfulStatusCode;
  /** slug of the problem type, e.g. "insufficient-stock" */
  slug: string;
  title: string;
  detail: string;
  errors?: ProblemIssue[] | undefined;
  /** extension members, e.g. `lines` */
  extra?: Record<string, unknown> | undefined;
  headers?: Record<string, string> | undefined;
}

/**
 * An expected failure with a problem+json answer (an HTTPException, so the
 * app's error handler returns it as is); pages catch it and render a form
 * error instead.
 */
export class ProblemError extends HTTPException {
  constructor(readonly problem: CommerceProblem) {
    super(problem.status, { res: problemOf(problem), message: problem.detail });
    this.name = 'ProblemError';
  }
}

const detailsOf = (p: CommerceProblem) => ({ type: `${TYPE_BASE}${p.slug}`, title: p.title, detail: p.detail, ...(p.errors ? { errors: p.errors } : {}), ...(p.extra ?? {}) });

export function problemOf(p: CommerceProblem): Response {
  return problemResponse(p.status, detailsOf(p), { 'cache-control': 'private, no-store', ...(p.headers ?? {}) });
}

/** The problem as stored parts (an idempotent replay's body), built once without a Response. */
export function problemParts(p: CommerceProblem): { status: number; headers: Record<string, string>; body: string } {
  return { status: p.status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, body: JSON.stringify(problemDetails(p.status, detailsOf(p))) };
}

export function fail(p: CommerceProblem): never {
  throw new ProblemError(p);
}

export function invalid(detail: string, errors: ProblemIssue[], status: 400 | 422 = 422): never {
  fail({ status, slug: status === 400 ? 'invalid-request' : 'validation-failed', title: status === 400 ? 'Your request is not valid' : 'Some fields are not valid', detail, errors });
}

/** Parses with zod or fails with 422 listing every issue (400 when the shape itself is wrong). */
export function parseOr422<S extends z.ZodType>(schema: S, input: unknown, source: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const shapeError = r.error.issues.some((i) => i.code === 'unrecognized_keys' || (i.code === 'invalid_type' && i.path.length === 0));
  invalid(`Invalid ${source}.`, zodIssues(r.error, source), shapeError ? 400 : 422);
}

export const notFoundCart = (): CommerceProblem => ({
  status: 404,
  slug: 'cart-not-found',
  title: 'Cart not found',
  detail: 'This cart does not exist or has expired. Create a new cart.',
});
