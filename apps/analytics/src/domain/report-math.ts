/** A rate as a fraction 0–1 rounded to 4 places; 0 when there is nothing to divide by. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? Number((part / whole).toFixed(4)) : 0;
}

/** Integer division of minor units, rounded half up (an average order value in fen). */
export function averageAmount(total: number, count: number): number {
  return count > 0 ? Math.floor(total / count + 0.5) : 0;
}

/** Funnel steps in order, as `GET /analytics/funnel` names them. */
export const FUNNEL_STEPS = ['sessions', 'productViews', 'addToCart', 'checkout', 'paid'] as const;

/** One step of the funnel with its rate from the previous step and from the first. */
export interface FunnelStep {
  readonly step: (typeof FUNNEL_STEPS)[number];
  readonly count: number;
  readonly rate: number;
  readonly overallRate: number;
}

/** Step rates of a funnel from its counts (sessions first). */
export function funnelOf(counts: readonly number[]): FunnelStep[] {
  return FUNNEL_STEPS.map((step, i) => ({
    step,
    count: counts[i],
    rate: i === 0 ? (counts[0] > 0 ? 1 : 0) : rate(counts[i], counts[i - 1]),
    overallRate: rate(counts[i], counts[0]),
  }));
}

/**
 * Quotes a CSV field when it holds a separator, quote or line break (RFC 4180). Text a spreadsheet
 * would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading single quote,
 * as OWASP advises against CSV injection; plain numbers such as `-12` are left as they are.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const raw = value instanceof Date ? value.toISOString() : String(value);
  const text = /^[=+\-@\t\r]/.test(raw) && !/^-?\d+(\.\d+)?$/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF, RFC 4180). */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
