/**
 * The two-person rule as a matching problem: each requirement (e.g. "data engineering lead",
 * "ML engineering lead") needs a *different* principal, and a principal may hold several roles.
 * A maximum bipartite matching finds whether distinct people cover every requirement; a greedy
 * pass could assign the one person holding both roles to the wrong one and miss a valid pair.
 */

/** Maximum bipartite matching (Kuhn's algorithm): slot index → subject index, -1 when unfilled. */
export function matchDistinct<Slot>(
  slots: readonly Slot[],
  subjects: readonly string[],
  canFill: (subject: string, slot: Slot) => boolean,
): number[] {
  const bySlot = slots.map(() => -1);
  const assign = (s: number, seen: Set<number>): boolean => {
    const subject = subjects[s];
    for (const [k, slot] of slots.entries()) {
      if (subject === undefined || seen.has(k) || !canFill(subject, slot)) continue;
      seen.add(k);
      const holder = bySlot[k] ?? -1;
      if (holder === -1 || assign(holder, seen)) {
        bySlot[k] = s;
        return true;
      }
    }
    return false;
  };
  subjects.forEach((_, s) => assign(s, new Set()));
  return bySlot;
}
