import type { EntityManager } from 'typeorm';
import type { StatementSource } from '@emporium/contracts';
import { execute, queryRows, type Db } from '@emporium/platform-persistence';
import type { RecordedCapture, RecordedRefund, StatementMismatch } from '../domain/statements';

// Journals of the business day $1 in the time zone $2, of payments taken by provider $3.
const DAY = `(e.posted_at AT TIME ZONE $2)::date = $1::date AND pay.provider = $3`;

/** The captures (with their fees) a provider's payments posted on a business day. */
export async function capturesOfDay(
  db: Db,
  provider: string,
  date: string,
  timeZone: string,
): Promise<RecordedCapture[]> {
  const rows = await queryRows<{
    payment_id: string;
    provider_ref: string;
    amount: string;
    fee: string;
  }>(
    db,
    `SELECT e.payment_id, pay.provider_ref,
            coalesce(sum(p.posting_amount) FILTER (WHERE e.kind = 'CAPTURE' AND p.direction = 'DEBIT'), 0) AS amount,
            coalesce(sum(p.posting_amount) FILTER (WHERE e.kind = 'FEE' AND p.direction = 'DEBIT'), 0) AS fee
       FROM ledger_entries e
       JOIN postings p ON p.entry_id = e.id
       JOIN payments pay ON pay.id = e.payment_id
      WHERE e.kind IN ('CAPTURE', 'FEE') AND ${DAY}
      GROUP BY e.payment_id, pay.provider_ref
     HAVING bool_or(e.kind = 'CAPTURE')`,
    [date, timeZone, provider],
  );
  return rows.map((r) => ({
    paymentId: r.payment_id,
    providerRef: r.provider_ref,
    amount: Number(r.amount),
    fee: Number(r.fee),
  }));
}

/** The refunds a provider's payments posted on a business day, by their reference at the provider. */
export async function refundsOfDay(
  db: Db,
  provider: string,
  date: string,
  timeZone: string,
): Promise<RecordedRefund[]> {
  const rows = await queryRows<{
    refund_id: string;
    payment_id: string;
    provider_ref: string;
    refund_ref: string;
    amount: string;
  }>(
    db,
    `SELECT r.id AS refund_id, r.payment_id, pay.provider_ref,
            coalesce(r.provider_refund_ref, replace(r.id::text, '-', '')) AS refund_ref,
            r.refund_amount AS amount
       FROM ledger_entries e
       JOIN refunds r ON r.id = e.refund_id
       JOIN payments pay ON pay.id = r.payment_id
      WHERE e.kind = 'REFUND' AND ${DAY}`,
    [date, timeZone, provider],
  );
  return rows.map((r) => ({
    refundId: r.refund_id,
    paymentId: r.payment_id,
    providerRef: r.provider_ref,
    refundRef: r.refund_ref,
    amount: Number(r.amount),
  }));
}

/** Payment ids of a provider's references, for statement lines the day's records lack. */
export async function paymentIdsByRef(
  db: Db,
  provider: string,
  refs: readonly string[],
): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const rows = await queryRows<{ id: string; provider_ref: string }>(
    db,
    'SELECT id, provider_ref FROM payments WHERE provider = $1 AND provider_ref = ANY($2::text[])',
    [provider, refs],
  );
  return new Map(rows.map((r) => [r.provider_ref, r.id]));
}

/** A statement as imported. */
export interface StatementRecord {
  readonly provider: string;
  readonly date: string;
  readonly source: StatementSource;
  readonly contentSha256: string;
  readonly lineCount: number;
  readonly matchedCount: number;
}

/** Records (or replaces) the statement of a provider and day. */
export async function saveStatement(tx: EntityManager, s: StatementRecord): Promise<void> {
  await execute(
    tx,
    `INSERT INTO provider_statements (provider, statement_date, source, content_sha256, line_count, matched_count)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (provider, statement_date) DO UPDATE
       SET source = excluded.source, content_sha256 = excluded.content_sha256,
           line_count = excluded.line_count, matched_count = excluded.matched_count,
           imported_at = now()`,
    [s.provider, s.date, s.source, s.contentSha256, s.lineCount, s.matchedCount],
  );
}

/**
 * Makes the statement's recorded differences exactly `mismatches`: those gone are deleted, those
 * found again take their new amounts, those new are inserted. Answers the new ones (each is raised
 * to staff once).
 */
export async function replaceMismatches(
  tx: EntityManager,
  provider: string,
  date: string,
  currency: string,
  mismatches: readonly StatementMismatch[],
): Promise<StatementMismatch[]> {
  const keys = mismatches.map((m) => `${m.kind}:${m.reference}`);
  await execute(
    tx,
    `DELETE FROM statement_mismatches
      WHERE provider = $1 AND statement_date = $2 AND NOT (kind || ':' || reference = ANY($3::text[]))`,
    [provider, date, keys],
  );
  // A difference found again takes the new file's amounts; only one not recorded before is new
  // (xmax = 0: inserted, not updated), so it is raised once.
  const written = await queryRows<{ kind: string; reference: string; inserted: boolean }>(
    tx,
    `INSERT INTO statement_mismatches
       (provider, statement_date, kind, reference, line_kind, provider_ref, payment_id, refund_id,
        ours_amount, theirs_amount, currency)
     SELECT $1, $2, m.kind, m.reference, m.line_kind, m.provider_ref, m.payment_id, m.refund_id,
            m.ours, m.theirs, $3
       FROM jsonb_to_recordset($4::jsonb) AS m(kind text, reference text, line_kind text,
            provider_ref text, payment_id uuid, refund_id uuid, ours bigint, theirs bigint)
     ON CONFLICT (provider, statement_date, kind, reference) DO UPDATE
       SET line_kind = excluded.line_kind, provider_ref = excluded.provider_ref,
           payment_id = excluded.payment_id, refund_id = excluded.refund_id,
           ours_amount = excluded.ours_amount, theirs_amount = excluded.theirs_amount,
           currency = excluded.currency
     RETURNING kind, reference, (xmax = 0) AS inserted`,
    [
      provider,
      date,
      currency,
      JSON.stringify(
        mismatches.map((m) => ({
          kind: m.kind,
          reference: m.reference,
          line_kind: m.lineKind,
          provider_ref: m.providerRef,
          payment_id: m.paymentId ?? null,
          refund_id: m.refundId ?? null,
          ours: m.ours ?? null,
          theirs: m.theirs ?? null,
        })),
      ),
    ],
  );
  const fresh = new Set(written.filter((r) => r.inserted).map((r) => `${r.kind}:${r.reference}`));
  return mismatches.filter((m) => fresh.has(`${m.kind}:${m.reference}`));
}

/** A statement of the day, as the reconciliation report lists it. */
export interface StatementDayRow {
  readonly provider: string;
  readonly source: string;
  readonly line_count: number;
  readonly matched_count: number;
  readonly imported_at: Date;
}

/** A recorded difference of the day's statements. */
export interface StatementMismatchRow {
  readonly provider: string;
  readonly kind: string;
  readonly reference: string;
  readonly line_kind: string;
  readonly provider_ref: string;
  readonly payment_id: string | null;
  readonly refund_id: string | null;
  readonly ours_amount: string | null;
  readonly theirs_amount: string | null;
  readonly currency: string;
}

/** The statements imported for a business day. */
export function statementsOfDay(db: Db, date: string): Promise<StatementDayRow[]> {
  return queryRows(
    db,
    `SELECT provider, source, line_count, matched_count, imported_at
       FROM provider_statements WHERE statement_date = $1 ORDER BY provider`,
    [date],
  );
}

/** What the day's statements differ from the ledger in. */
export function statementMismatchesOfDay(db: Db, date: string): Promise<StatementMismatchRow[]> {
  return queryRows(
    db,
    `SELECT provider, kind, reference, line_kind, provider_ref, payment_id, refund_id,
            ours_amount, theirs_amount, currency
       FROM statement_mismatches WHERE statement_date = $1
      ORDER BY provider, kind, reference`,
    [date],
  );
}
