import type { DbVariables } from '../../../db/hono';
import type { AdminRole } from '../../../domain/admin/roles';
import type { RequestContextVariables } from '../../../edge/request-context';
import type { AdminEnv } from './env';

/** Who is acting: a signed-in admin user (cookie session) or an API token. */
export interface Principal {
  kind: 'user' | 'token';
  /** user id or token id */
  id: string;
  /** email of the user, name of the token */
  label: string;
  role: AdminRole;
  /** server-side session id (users only) */
  sessionId: string | null;
}

export type AdminAppEnv = {
  Bindings: AdminEnv;
  Variables: RequestContextVariables &
    DbVariables & {
    principal?: Principal | null;
  };
};
