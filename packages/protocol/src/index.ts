/** Wire types shared by the ripcord SDK and server. Types only: no runtime code, no dependencies. */
export type * from './events.js';
export type * from './config.js';
