/**
 * Time is injected everywhere so that a restart or a simulation replays exactly: every timer
 * (bake, sustained-for, cool-down, approval deadline) is a stored timestamp compared to `now()`.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests and accelerated simulations. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-05-02T09:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Sets the time. */
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}
