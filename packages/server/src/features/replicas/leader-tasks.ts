/**
 * Periodic work only the leader does (ADR 0014): the release tick, and anything beside it (a
 * drill scheduler, say) registers here with {@link LeaderTasks.every}. Tasks run from the moment
 * this replica is leader ({@link LeaderTasks.start}, called by the server once it has taken over)
 * until it stops; a follower never runs them. Writes they make to fenced tables are refused by
 * PostgreSQL anyway if this replica is deposed meanwhile (the server then exits).
 */
import type { Logger } from '../../logger.js';
import type { LeaderView } from './leadership.js';

interface Task {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  timer?: NodeJS.Timeout;
  busy?: boolean;
}

/** Leader-only periodic tasks. */
export class LeaderTasks {
  private readonly tasks: Task[] = [];
  private running = false;

  constructor(private readonly deps: { leader: LeaderView; logger: Logger }) {}

  /** Whether this replica is the leader now (feature code may check before acting). */
  isLeader(): boolean {
    return this.deps.leader.isLeader();
  }

  /**
   * Runs `run` every `everyMs` while this replica leads; a run still in progress is not started
   * again, and a failure is logged and retried at the next interval.
   */
  every(name: string, everyMs: number, run: () => Promise<unknown>): void {
    const task: Task = { name, everyMs, run };
    this.tasks.push(task);
    if (this.running) this.schedule(task);
  }

  /** Starts every task (the server calls this once it has taken over as leader). */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const task of this.tasks) this.schedule(task);
  }

  /** Stops every task (shutdown). */
  stop(): void {
    this.running = false;
    for (const task of this.tasks) clearInterval(task.timer);
  }

  private schedule(task: Task): void {
    task.timer = setInterval(() => {
      if (task.busy === true || !this.deps.leader.isLeader()) return;
      task.busy = true;
      task
        .run()
        .catch((error: unknown) => this.deps.logger.error({ err: error, task: task.name }, `${task.name} failed`))
        .finally(() => (task.busy = false));
    }, task.everyMs);
    task.timer.unref();
  }
}
