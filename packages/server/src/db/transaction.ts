/**
 * How a service runs work in one transaction without knowing every store: it declares the stores it
 * reads and writes (a narrow interface of its own) and receives a `Transact` over them. The one
 * composition root (create-app.ts) supplies it, bound to the database (src/stores.ts).
 */

/** Runs `work` in one transaction with the stores it gets bound to it: all of it commits or none. */
export type Transact<S> = <T>(work: (stores: S) => Promise<T>) => Promise<T>;
