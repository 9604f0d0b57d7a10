/** The SDK entry point. */
import type { ClientOptions } from './client-options.js';
import { RipcordClient } from './ripcord-client.js';

/**
 * Creates a client and starts syncing at once. Throws a TypeError for invalid options; never
 * throws for an unreachable server (await `ready()` to know when a snapshot is loaded).
 */
export function createClient(options: ClientOptions): RipcordClient {
  return new RipcordClient(options);
}
