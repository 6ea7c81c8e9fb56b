import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { problemResponse, zodIssues, type ProblemIssue } from '../../../../edge/problem';

/** Throws a 400 problem+json listing every issue. */
export function badRequest(detail: string, errors: ProblemIssue[]): never {
  throw new HTTPException(400, { res: problemResponse(400, { detail, errors }) });
}

export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, source: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) badRequest(`Invalid ${source} parameters.`, zodIssues(r.error, source));
  return r.data;
}
