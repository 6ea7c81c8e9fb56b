import type { RequestContextVariables } from '../../../edge/request-context';
import type { StorefrontEnv } from './env';

export type AppEnv = { Bindings: StorefrontEnv; Variables: RequestContextVariables };
