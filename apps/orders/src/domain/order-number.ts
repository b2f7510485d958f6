/** Offset of Asia/Shanghai from UTC; China has no daylight saving time. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/**
 * The human order number of API.md, `EM20261124-000123`: the business day in Asia/Shanghai and
 * that day's sequence number, zero-padded to six digits (wider past 999,999).
 */
export function orderNumber(placedAt: Date, dailySequence: number): string {
  if (!Number.isSafeInteger(dailySequence) || dailySequence < 1) {
    throw new RangeError(`Invalid daily sequence ${dailySequence}`);
  }
  const day = new Date(placedAt.getTime() + SHANGHAI_OFFSET_MS)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  return `EM${day}-${String(dailySequence).padStart(6, '0')}`;
}
