/**
 * Statement reconciliation (对账): a provider's daily statement, line by line, against what the
 * ledger recorded for that provider on that business day. Amounts in fen.
 */

/** One line of a provider's statement, read from its own format. */
export interface StatementLine {
  readonly kind: 'PAYMENT' | 'REFUND';
  /** Our reference at the provider (`out_trade_no`). */
  readonly providerRef: string;
  /** For a refund, its idempotency key (`out_request_no`, `out_refund_no`). */
  readonly refundRef?: string;
  /** Paid in or paid back, positive. */
  readonly amount: number;
  /** The provider's fee on the line (0 on refunds: fees are not returned). */
  readonly fee: number;
}

/** A capture the ledger recorded on the day. */
export interface RecordedCapture {
  readonly paymentId: string;
  readonly providerRef: string;
  readonly amount: number;
  readonly fee: number;
}

/** A refund the ledger recorded on the day. */
export interface RecordedRefund {
  readonly refundId: string;
  readonly paymentId: string;
  readonly providerRef: string;
  /** Its idempotency key at the provider (the refund id without dashes). */
  readonly refundRef: string;
  readonly amount: number;
}

/** What differs between the statement and the ledger. */
export const STATEMENT_MISMATCH_KINDS = [
  'MISSING_IN_LEDGER',
  'MISSING_IN_STATEMENT',
  'AMOUNT',
  'FEE',
] as const;
/** A kind of statement mismatch. */
export type StatementMismatchKind = (typeof STATEMENT_MISMATCH_KINDS)[number];

/** One difference, keyed by `kind` and `reference` (one per line or record). */
export interface StatementMismatch {
  readonly kind: StatementMismatchKind;
  readonly lineKind: 'PAYMENT' | 'REFUND';
  /** `out_trade_no`, or the refund's reference for a refund. */
  readonly reference: string;
  readonly providerRef: string;
  readonly paymentId?: string;
  readonly refundId?: string;
  /** What the ledger says (amount, or fee for `FEE`); absent when it has nothing. */
  readonly ours?: number;
  /** What the statement says; absent when it has nothing. */
  readonly theirs?: number;
}

/** The outcome of matching a statement. */
export interface StatementMatch {
  readonly matched: number;
  readonly mismatches: readonly StatementMismatch[];
}

/** Sums lines of one key: a provider may split a refund or repeat a line. */
function byKey(
  lines: readonly StatementLine[],
  key: (l: StatementLine) => string,
): Map<string, StatementLine> {
  const out = new Map<string, StatementLine>();
  for (const line of lines) {
    const k = key(line);
    const seen = out.get(k);
    out.set(
      k,
      seen ? { ...seen, amount: seen.amount + line.amount, fee: seen.fee + line.fee } : line,
    );
  }
  return out;
}

/**
 * Matches every statement line to a capture (by `out_trade_no`) or a refund (by its reference) and
 * every capture and refund of the day to a line. Differences: a line the ledger lacks, a record the
 * statement lacks, another amount, another fee. `paymentOf` names the payment of a reference the
 * day's records lack (a capture posted on another day), so staff can find it.
 */
export function matchStatement(
  lines: readonly StatementLine[],
  captures: readonly RecordedCapture[],
  refunds: readonly RecordedRefund[],
  paymentOf: (providerRef: string) => string | undefined = () => undefined,
): StatementMatch {
  const payments = byKey(
    lines.filter((l) => l.kind === 'PAYMENT'),
    (l) => l.providerRef,
  );
  const refundLines = byKey(
    lines.filter((l) => l.kind === 'REFUND'),
    (l) => l.refundRef ?? l.providerRef,
  );
  const mismatches: StatementMismatch[] = [];
  let matched = 0;

  for (const c of captures) {
    const line = payments.get(c.providerRef);
    payments.delete(c.providerRef);
    const base = {
      lineKind: 'PAYMENT' as const,
      reference: c.providerRef,
      providerRef: c.providerRef,
      paymentId: c.paymentId,
    };
    if (!line) {
      mismatches.push({ ...base, kind: 'MISSING_IN_STATEMENT', ours: c.amount });
      continue;
    }
    if (line.amount !== c.amount)
      mismatches.push({ ...base, kind: 'AMOUNT', ours: c.amount, theirs: line.amount });
    else if (line.fee !== c.fee)
      mismatches.push({ ...base, kind: 'FEE', ours: c.fee, theirs: line.fee });
    else matched++;
  }
  for (const r of refunds) {
    const line = refundLines.get(r.refundRef);
    refundLines.delete(r.refundRef);
    const base = {
      lineKind: 'REFUND' as const,
      reference: r.refundRef,
      providerRef: r.providerRef,
      paymentId: r.paymentId,
      refundId: r.refundId,
    };
    if (!line) mismatches.push({ ...base, kind: 'MISSING_IN_STATEMENT', ours: r.amount });
    else if (line.amount !== r.amount)
      mismatches.push({ ...base, kind: 'AMOUNT', ours: r.amount, theirs: line.amount });
    else matched++;
  }
  for (const [reference, line] of [...payments, ...refundLines]) {
    const paymentId = paymentOf(line.providerRef);
    mismatches.push({
      kind: 'MISSING_IN_LEDGER',
      lineKind: line.kind,
      reference,
      providerRef: line.providerRef,
      ...(paymentId ? { paymentId } : {}),
      theirs: line.amount,
    });
  }
  return { matched, mismatches };
}
