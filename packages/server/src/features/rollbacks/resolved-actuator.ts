/** Resolved settings of one call target. */
export interface ResolvedActuator {
  /** The component or job kind it was declared for. */
  name: string;
  url: string;
  secretEnv: string;
  timeoutMs: number;
  attempts: number;
  deadlineMs: number;
}
