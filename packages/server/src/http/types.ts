import type { Principal } from '../features/auth/principal.js';

/** What middleware puts on each request's context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
  };
}
