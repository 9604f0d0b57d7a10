/** How times, durations and numbers read: the viewer's own time zone, UTC on hover. */
import type { JSX } from 'preact';

const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const localTime = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** The viewer's time zone name, e.g. `Europe/Berlin`. */
export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** `2026-05-02 09:00:50 UTC`. */
export function utc(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

/** A timestamp in the viewer's zone; hover (or focus) shows it in UTC. */
export function Time(props: { iso: string | null | undefined; timeOnly?: boolean }): JSX.Element {
  const { iso } = props;
  if (iso === null || iso === undefined) return <span>—</span>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <span>{iso}</span>;
  return (
    <time dateTime={iso} title={utc(iso)}>
      {(props.timeOnly === true ? localTime : local).format(d)}
    </time>
  );
}

/** `4 min 10 s`, `2 h 5 min`, `850 ms`. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

/** A number with at most 4 significant digits. */
export function num(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n !== 0 && Math.abs(n) < 0.001) return n.toExponential(2);
  return String(Number(n.toPrecision(4)));
}
