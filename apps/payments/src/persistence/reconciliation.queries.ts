import { queryRows, type Db } from '@emporium/platform-persistence';

// Postgres answers bigint, sum() and count() as strings (a sum over no rows as null): moneyFrom()
// and Number() read them.

/** Captures, refunds and fees of a day by payment method. */
export interface MethodDayRow {
  readonly method: string;
  readonly captured: string | null;
  readonly refunded: string | null;
  readonly fees: string | null;
  readonly captures: string;
  readonly refunds: string;
}

/** The day's postings, both sides, and the journals they belong to. */
export interface LedgerDayRow {
  readonly debits: string;
  readonly credits: string;
  readonly journals: string;
}

/** A journal whose debits and credits differ, or which has no postings. */
export interface UnbalancedJournalRow {
  readonly id: string;
  readonly kind: string;
  readonly payment_id: string;
  readonly debits: string;
  readonly credits: string;
}

/** Money held on a payment for an order the read model does not know, or knows as cancelled. */
export interface PaymentWithoutOrderRow {
  readonly payment_id: string;
  readonly order_id: string;
  readonly captured_amount: string;
  readonly refunded_amount: string;
  readonly currency: string;
  readonly reason: 'ORDER_UNKNOWN' | 'ORDER_CANCELLED';
}

/** An order captured by more than one payment. */
export interface OrderPaidTwiceRow {
  readonly order_id: string;
  readonly payment_ids: string[];
  readonly captures: string;
}

/** A capture of another amount than the order asked for. */
export interface CapturedAmountMismatchRow {
  readonly payment_id: string;
  readonly order_id: string;
  readonly currency: string;
  readonly captured: string;
  readonly expected: string;
}

/** A provider's report of another amount or currency than the payment's, as recorded. */
export interface ReportedAmountMismatchRow {
  readonly payment_id: string;
  readonly order_id: string;
  readonly at: string | null;
  readonly source: string | null;
  readonly provider_event_id: string | null;
  readonly expected_amount: string | null;
  readonly expected_currency: string | null;
  readonly reported_amount: string | null;
  readonly reported_currency: string | null;
}

// Journals of the business day $1 in the time zone $2.
const DAY = `(e.posted_at AT TIME ZONE $2)::date = $1::date`;

export function capturesByMethod(db: Db, date: string, timeZone: string): Promise<MethodDayRow[]> {
  return queryRows(
    db,
    `SELECT e.method,
            sum(p.posting_amount) FILTER (WHERE e.kind = 'CAPTURE' AND p.direction = 'DEBIT') AS captured,
            sum(p.posting_amount) FILTER (WHERE e.kind = 'REFUND' AND p.direction = 'DEBIT') AS refunded,
            sum(p.posting_amount) FILTER (WHERE e.kind = 'FEE' AND p.direction = 'DEBIT') AS fees,
            count(DISTINCT e.id) FILTER (WHERE e.kind = 'CAPTURE') AS captures,
            count(DISTINCT e.id) FILTER (WHERE e.kind = 'REFUND') AS refunds
       FROM ledger_entries e JOIN postings p ON p.entry_id = e.id
      WHERE ${DAY} GROUP BY e.method ORDER BY e.method`,
    [date, timeZone],
  );
}

export async function ledgerTotals(db: Db, date: string, timeZone: string): Promise<LedgerDayRow> {
  const [row] = await queryRows<LedgerDayRow>(
    db,
    `SELECT coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'DEBIT'), 0) AS debits,
            coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'CREDIT'), 0) AS credits,
            count(DISTINCT e.id) AS journals
       FROM ledger_entries e JOIN postings p ON p.entry_id = e.id WHERE ${DAY}`,
    [date, timeZone],
  );
  return row;
}

export function unbalancedJournals(
  db: Db,
  date: string,
  timeZone: string,
): Promise<UnbalancedJournalRow[]> {
  return queryRows(
    db,
    `SELECT e.id, e.kind, e.payment_id,
            coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'DEBIT'), 0) AS debits,
            coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'CREDIT'), 0) AS credits
       FROM ledger_entries e LEFT JOIN postings p ON p.entry_id = e.id
      WHERE ${DAY} GROUP BY e.id
     HAVING coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'DEBIT'), 0)
         <> coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
         OR count(p.id) = 0`,
    [date, timeZone],
  );
}

/** Payments captured that day that still hold money for an unknown or cancelled order. */
export function paymentsWithoutOrders(
  db: Db,
  date: string,
  timeZone: string,
): Promise<PaymentWithoutOrderRow[]> {
  return queryRows(
    db,
    `SELECT pay.id AS payment_id, pay.order_id, pay.captured_amount, pay.refunded_amount, pay.currency,
            CASE WHEN o.order_id IS NULL THEN 'ORDER_UNKNOWN' ELSE 'ORDER_CANCELLED' END AS reason
       FROM payments pay LEFT JOIN order_views o ON o.order_id = pay.order_id
      WHERE pay.id IN (SELECT e.payment_id FROM ledger_entries e WHERE e.kind = 'CAPTURE' AND ${DAY})
        AND pay.captured_amount > pay.refunded_amount
        AND (o.order_id IS NULL OR o.status = 'CANCELLED')
      ORDER BY pay.id`,
    [date, timeZone],
  );
}

/** Orders captured that day that have more than one capture, whenever the others were. */
export function ordersPaidTwice(
  db: Db,
  date: string,
  timeZone: string,
): Promise<OrderPaidTwiceRow[]> {
  return queryRows(
    db,
    `SELECT e2.order_id, array_agg(DISTINCT e2.payment_id::text) AS payment_ids, count(*) AS captures
       FROM ledger_entries e2
      WHERE e2.kind = 'CAPTURE'
        AND e2.order_id IN (SELECT e.order_id FROM ledger_entries e WHERE e.kind = 'CAPTURE' AND ${DAY})
      GROUP BY e2.order_id HAVING count(*) > 1 ORDER BY e2.order_id`,
    [date, timeZone],
  );
}

/** Captures of that day of another amount than the order asked for. */
export function capturedAmountMismatches(
  db: Db,
  date: string,
  timeZone: string,
): Promise<CapturedAmountMismatchRow[]> {
  return queryRows(
    db,
    `SELECT e.payment_id, e.order_id, e.currency, p.posting_amount AS captured, o.order_amount AS expected
       FROM ledger_entries e
       JOIN postings p ON p.entry_id = e.id AND p.direction = 'DEBIT'
       JOIN order_views o ON o.order_id = e.order_id
      WHERE e.kind = 'CAPTURE' AND ${DAY} AND o.order_amount IS NOT NULL AND o.order_amount <> p.posting_amount
      ORDER BY e.payment_id`,
    [date, timeZone],
  );
}

/** Provider reports of another amount or currency, recorded that day instead of captured. */
export function reportedAmountMismatches(
  db: Db,
  date: string,
  timeZone: string,
): Promise<ReportedAmountMismatchRow[]> {
  return queryRows(
    db,
    `SELECT pay.id AS payment_id, pay.order_id, m->>'at' AS at, m->>'source' AS source,
            m->>'providerEventId' AS provider_event_id,
            m->'expected'->>'amount' AS expected_amount, m->'expected'->>'currency' AS expected_currency,
            m->'reported'->>'amount' AS reported_amount, m->'reported'->>'currency' AS reported_currency
       FROM payments pay CROSS JOIN LATERAL jsonb_array_elements(pay.amount_mismatches) m
      WHERE pay.amount_mismatches <> '[]'::jsonb
        AND ((m->>'at')::timestamptz AT TIME ZONE $2)::date = $1::date
      ORDER BY m->>'at', pay.id`,
    [date, timeZone],
  );
}
