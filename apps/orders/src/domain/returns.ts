import { BusinessRuleError } from '@emporium/contracts';

/** An order line as a return sees it: what was paid and how much of it is already being returned. */
export interface ReturnableLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
  /** What the customer paid for the whole line, in fen (`lineTotal`). */
  readonly lineTotal: number;
  /** Units already in returns that were not rejected. */
  readonly returnedQuantity: number;
}

/** One order line's part of a return, with the fen it refunds. */
export interface ReturnPart {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
  readonly refund: number;
}

/** Fen paid for the first `units` of a line: the line total pro rata, rounded half-up. */
function paidFor(line: ReturnableLine, units: number): number {
  return Number(
    (BigInt(line.lineTotal) * BigInt(units) * 2n + BigInt(line.quantity)) /
      (2n * BigInt(line.quantity)),
  );
}

/**
 * Which order lines a return of `requested` (sku, quantity) takes, and what each refunds.
 * A line refunds its `lineTotal` per unit returned (discounts already allocated to it, shipping
 * never); successive returns of one line refund the difference of the cumulative amounts, so
 * returning every unit refunds exactly its lineTotal. A sku split over two lines (flash price
 * and list price) is taken from the earlier line first. Gifts are not refunded: their total is 0.
 */
export function planReturn(
  lines: readonly ReturnableLine[],
  requested: readonly { readonly sku: string; readonly quantity: number }[],
): ReturnPart[] {
  const wanted = new Map<string, number>();
  for (const r of requested) {
    if (!Number.isSafeInteger(r.quantity) || r.quantity < 1) {
      throw new BusinessRuleError(
        'invalid-return-quantity',
        `Return at least one unit of ${r.sku}`,
      );
    }
    wanted.set(r.sku, (wanted.get(r.sku) ?? 0) + r.quantity);
  }
  const parts: ReturnPart[] = [];
  for (const [sku, quantity] of wanted) {
    const ofSku = lines.filter((l) => l.sku === sku).sort((a, b) => a.lineNo - b.lineNo);
    if (ofSku.length === 0) {
      throw new BusinessRuleError('sku-not-in-order', `${sku} is not part of this order`);
    }
    let left = quantity;
    for (const line of ofSku) {
      const take = Math.min(left, line.quantity - line.returnedQuantity);
      if (take <= 0) continue;
      const refund =
        paidFor(line, line.returnedQuantity + take) - paidFor(line, line.returnedQuantity);
      parts.push({ lineNo: line.lineNo, sku, quantity: take, refund });
      left -= take;
      if (left === 0) break;
    }
    if (left > 0) {
      const returnable = ofSku.reduce((n, l) => n + l.quantity - l.returnedQuantity, 0);
      throw new BusinessRuleError(
        'return-exceeds-purchased',
        `Only ${returnable} unit(s) of ${sku} can still be returned`,
      );
    }
  }
  return parts;
}

/** Whether a return may still be requested `days` after delivery. */
export function withinReturnWindow(deliveredAt: Date, now: Date, days: number): boolean {
  return now.getTime() < deliveredAt.getTime() + days * 86_400_000;
}
