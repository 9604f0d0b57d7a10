import { seededRandom } from './random.js';
import { emptyEventShare, advanceEventShare, eventShareLogE } from './event-share-test.js';
function run(p: number, pc: number, share: number, alpha: number, horizon: number, runs: number, m: number) {
  let fr = 0; const det: number[] = [];
  for (let r = 0; r < runs; r++) {
    const rng = seededRandom(r * 7919 + 1);
    const c = { nc: 0, kc: 0, nk: 0, kk: 0 }; let st = emptyEventShare();
    let i = 0;
    while (c.nc < horizon) {
      i++;
      if (rng.next() < share) { c.nc++; if (rng.next() < pc) c.kc++; } else { c.nk++; if (rng.next() < p) c.kk++; }
      if (c.nc % 10 !== 0 || i % 1 !== 0) continue;
      st = advanceEventShare(st, c, m, 1);
      if (eventShareLogE(st) >= Math.log(1 / alpha)) { fr++; det.push(c.nc); break; }
    }
  }
  det.sort((a, b) => a - b);
  return [fr / runs, det[Math.floor(det.length / 2)]];
}
for (const [p, pc, share, alpha, m] of [[0.01, 0.01, 0.1, 0.05, 1], [0.01, 0.01, 0.1, 0.005, 1], [0.001, 0.001, 0.1, 0.005, 1], [0.05, 0.05, 0.1, 0.005, 1], [0.1, 0.1, 0.5, 0.05, 1], [0.01, 0.015, 0.1, 0.05, 1.5], [0.01, 0.02, 0.1, 0.05, 1.5]] as const) {
  console.log(p, pc, share, alpha, m, run(p, pc, share, alpha, 5000, 800, m));
}
