import type { DbVariables } from '../../../db/hono';
import type { RequestContextVariables } from '../../../edge/request-context';
import type { StorefrontEnv } from './env';

/** The signed-in customer, when there is one (set by the session middleware). */
export interface SessionCustomer {
  id: string;
  email: string;
}

export type AppEnv = {
  Bindings: StorefrontEnv;
  Variables: RequestContextVariables &
    DbVariables & {
    /** null for guests; undefined before the session middleware ran */
    customer?: SessionCustomer | null;
    /** server-side session id (Redis), when a session exists */
    sessionId?: string | null;
  };
};
