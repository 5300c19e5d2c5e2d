/** Number and date formatting for people: the browser's locale, calm precision. */

const intFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function fmtInt(n: number): string {
  return intFmt.format(n);
}

/** A value as it appears in a summary: integers stay whole, others get up to 3 significant decimals. */
export function fmtNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  if (Number.isInteger(n)) return intFmt.format(n);
  const abs = Math.abs(n);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(n);
}

export function fmtBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: v >= 100 ? 0 : 1 }).format(v)} ${units[u]}`;
}

export function fmtDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A tiny difference in scientific notation: 3e-8; exactly zero stays 0. */
export function fmtDiff(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  return x.toExponential(0).replace('e+', 'e');
}

export function fmtPercent(fraction: number): string {
  return `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
}

export function fmtSeconds(s: number): string {
  if (s < 1) return `${Math.max(0.01, s).toFixed(2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
