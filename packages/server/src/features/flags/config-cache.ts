import type { ConfigRevision, ConfigStore } from './config-store.js';

/** Called after a revision commits, with the environment and its new head revision. */
export type RevisionListener = (environment: string, revision: number) => void;

/** What the cache knows of one environment: its head revision and each workflow's latest. */
export interface EnvState {
  head: number;
  workflows: Map<string, ConfigRevision>;
}

/**
 * The committed configuration of each environment, cached in memory and kept current from each
 * commit (`publish`), and the listeners (the SSE fan-out) that hear of every new revision. Revisions
 * another replica committed arrive through `catchUp` (revision-feed.ts).
 */
export class ConfigCache {
  private readonly cache = new Map<string, { state: EnvState; loaded: Promise<void> }>();
  private readonly listeners = new Set<RevisionListener>();
  private readonly catchingUp = new Map<string, Promise<void>>();

  constructor(private readonly store: Pick<ConfigStore, 'latestPerWorkflow' | 'after'>) {}

  /** Hears of every committed revision. Returns an unsubscribe function. */
  subscribe(listener: RevisionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Publishes, in order, the revisions of an environment another replica committed since this one
   * last saw (LISTEN/NOTIFY or a reconnect: revision-feed.ts). Environments not cached yet load
   * the latest on first use, so there is nothing to catch up for them.
   */
  catchUp(environment?: string): Promise<void> {
    const names = environment === undefined ? [...this.cache.keys()] : [environment];
    return Promise.all(
      names.map((name) => {
        const previous = this.catchingUp.get(name) ?? Promise.resolve();
        const next = previous.then(() => this.catchUpOne(name));
        this.catchingUp.set(
          name,
          next.catch(() => undefined),
        );
        return next;
      }),
    ).then(() => undefined);
  }

  private async catchUpOne(environment: string): Promise<void> {
    if (!this.cache.has(environment)) return;
    for (;;) {
      const head = (await this.environment(environment)).head;
      const missed = await this.store.after(environment, head);
      for (const revision of missed) this.publish(revision);
      if (missed.length < 1000) return;
    }
  }

  /** Merges a committed revision into its environment (if cached) and tells every listener. */
  publish(revision: ConfigRevision): void {
    const env = this.cache.get(revision.environment);
    if (env) merge(env.state, revision);
    for (const listener of this.listeners) listener(revision.environment, revision.revision);
  }

  /**
   * The cached state of an environment, loaded once. A revision published while the load is in
   * flight is merged into the same state, and the load keeps whichever revision is newer, so the
   * cache can never go back in time.
   */
  async environment(environment: string): Promise<EnvState> {
    let env = this.cache.get(environment);
    if (!env) {
      const state: EnvState = { head: 0, workflows: new Map() };
      const loaded = this.store.latestPerWorkflow(environment).then((rows) => {
        for (const row of rows) merge(state, row);
      });
      env = { state, loaded };
      this.cache.set(environment, env);
      loaded.catch(() => this.cache.delete(environment));
    }
    await env.loaded;
    return env.state;
  }
}

function merge(state: EnvState, revision: ConfigRevision): void {
  const current = state.workflows.get(revision.workflow);
  if (!current || current.revision < revision.revision) state.workflows.set(revision.workflow, revision);
  state.head = Math.max(state.head, revision.revision);
}
