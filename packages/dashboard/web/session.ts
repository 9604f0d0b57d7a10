/** Who is signed in, and what their token lets them do (the server checks again on every call). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WhoAmI } from './api-types.js';

/** The signed-in principal (`GET /v1/whoami`). */
export const SessionContext = createContext<WhoAmI | null>(null);

/** The signed-in principal; views render only inside a session. */
export function useWho(): WhoAmI {
  const who = useContext(SessionContext);
  if (who === null) throw new Error('no session');
  return who;
}

/** Whether the token's scope reaches a workflow (and environment). */
export function inScope(who: WhoAmI, workflow: string, environment?: string): boolean {
  const s = who.scope;
  if (s === null) return true;
  if (s.workflows !== undefined && !s.workflows.includes(workflow)) return false;
  return environment === undefined || s.environment === undefined || s.environment === environment;
}

/** Whether the token may act (operator or admin) on a workflow; authority (R6) is the server's to check. */
export function canAct(who: WhoAmI, workflow: string, environment?: string): boolean {
  return (who.role === 'operator' || who.role === 'admin') && inScope(who, workflow, environment);
}
