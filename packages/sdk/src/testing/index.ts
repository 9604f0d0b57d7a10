/** `@ripcord/sdk/testing`: helpers for benchmarks and integration tests (not for applications). */
export { openStreamClients, preciseNow } from './stream-clients.js';
export type { StreamClients, StreamClientsOptions } from './stream-clients.js';
