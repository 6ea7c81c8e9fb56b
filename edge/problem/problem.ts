/**
 * RFC 9457 problem details. Every error a client can cause is answered with
 * one of these (HTML pages render a friendly page instead); never a stack trace.
 */
import type { ZodError } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://vitrine.dev/problems/';

export interface ProblemIssue {
  /** JSON-pointer-like path of the offending field, e.g. "query.sort" */
  path: string;
  message: string;
  code: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemIssue[];
  [extension: string]: unknown;
}

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['invalid-request', 'Your request is not valid'],
  401: ['unauthenticated', 'Authentication required'],
  403: ['forbidden', 'You are not allowed to do this'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Request cannot be processed'],
  429: ['rate-limited', 'Too many requests'],
  500: ['internal', 'Something went wrong on our side'],
  503: ['unavailable', 'Service temporarily unavailable'],
};

export function problemDetails(status: number, init: Partial<Omit<ProblemDetails, 'status'>> = {}): ProblemDetails {
  const [slug, title] = TITLES[status] ?? ['error', 'Error'];
  return { type: `${TYPE_BASE}${slug}`, title, status, ...init };
}

export function problemResponse(
  status: number,
  init: Partial<Omit<ProblemDetails, 'status'>> = {},
  headers: HeadersInit = {},
): Response {
  const body = problemDetails(status, init);
  const h = new Headers(headers);
  h.set('content-type', PROBLEM_CONTENT_TYPE);
  h.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** Flattens zod issues into problem `errors`, prefixed by where the input came from. */
export function zodIssues(error: ZodError, source: string): ProblemIssue[] {
  return error.issues.map((i) => ({
    path: [source, ...i.path.map(String)].join('.'),
    message: i.message,
    code: i.code,
  }));
}
