import type { Stat } from './api/operations.ts';

/** `12.3 ± 0.4` in percent for a fraction in [0, 1] with its sd over seeds (sd left out for n = 1). */
export function formatStat(stat: Stat | null | undefined, digits = 1): string {
  if (!stat) return '–';
  const mean = (100 * stat.mean).toFixed(digits);
  return stat.n > 1 ? `${mean} ± ${(100 * stat.sd).toFixed(digits)}` : mean;
}

/** `1 h 02 min`, `3 min 05 s`, `42 s` ; `–` when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
