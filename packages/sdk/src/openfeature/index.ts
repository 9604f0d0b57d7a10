/** `@ripcord/sdk/openfeature`: the OpenFeature server provider (peer dependency `@openfeature/server-sdk`). */
export { RipcordProvider } from './ripcord-provider.js';
export type { RipcordProviderOptions } from './ripcord-provider.js';
export { parseFlagKey, toRipcordContext } from './flag-key.js';
export type { WorkflowLookup, ParsedKey } from './flag-key.js';
