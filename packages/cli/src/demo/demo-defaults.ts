// The demo's default pace, apart from the demo itself: `ripcord demo --help` shows them without
// loading the demo (which loads the server).

/**
 * Simulated seconds per real second by default. The three scenarios cover about two simulated
 * hours; at ×600 that is about 12 s, so on most machines the demo runs as fast as the machine
 * allows (about half a minute on two cores) and the speed only caps a very fast one.
 */
export const DEFAULT_SPEED = 600;

/**
 * Simulated seconds per evaluation tick by default. The server's own timer ticks every 10 s; 20 s
 * keeps every `sustained:` clock valid (the gate engine tolerates gaps up to three 10 s ticks) and
 * halves the store commits per simulated minute, which is most of the demo's cost.
 */
export const DEFAULT_TICK_SECONDS = 20;
