/**
 * The regressions every sequential test spreads its bets over, as fractions of the gate's
 * tolerance level: a test mixes equally over "worse than tolerated by 10 %, 25 %, 50 %, 100 % of
 * the level". Mixing costs at most log(grid size) nats of evidence against a test that knew the
 * effect in advance (the SPRT oracle of the benchmark) and buys detection of every effect in the
 * range without tuning per gate. One grid for all tests keeps them comparable.
 */
export const EFFECT_GRID: readonly number[] = [0.1, 0.25, 0.5, 1];
