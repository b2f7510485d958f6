import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { moneyFrom } from '@emporium/contracts';

type Row = Record<string, string | null>;

/**
 * The day's reconciliation, from the ledger and the orders read model: what was captured, refunded
 * and kept per method, whether the ledger balances, and what does not add up.
 */
@Injectable()
export class ReconciliationService {
  constructor(private readonly db: DataSource) {}

  async report(date: string, timeZone: string) {
    // Journals of the business day `date` in `timeZone`.
    const day = `(e.posted_at AT TIME ZONE $2)::date = $1::date`;
    const q = (sql: string, params: unknown[] = [date, timeZone]) =>
      this.db.query(sql, params) as Promise<Row[]>;

    const [byMethod, ledger, unbalanced, withoutOrders, paidTwice, amountMismatches, reported] =
      await Promise.all([
        q(`SELECT e.method,
                sum(p.posting_amount) FILTER (WHERE e.kind = 'CAPTURE' AND p.direction = 'DEBIT') AS captured,
                sum(p.posting_amount) FILTER (WHERE e.kind = 'REFUND' AND p.direction = 'DEBIT') AS refunded,
                sum(p.posting_amount) FILTER (WHERE e.kind = 'FEE' AND p.direction = 'DEBIT') AS fees,
                count(DISTINCT e.id) FILTER (WHERE e.kind = 'CAPTURE') AS captures,
                count(DISTINCT e.id) FILTER (WHERE e.kind = 'REFUND') AS refunds
           FROM ledger_entries e JOIN postings p ON p.entry_id = e.id
          WHERE ${day} GROUP BY e.method ORDER BY e.method`),
        q(`SELECT coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'DEBIT'), 0) AS debits,
                coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'CREDIT'), 0) AS credits,
                count(DISTINCT e.id) AS journals
           FROM ledger_entries e JOIN postings p ON p.entry_id = e.id WHERE ${day}`),
        q(`SELECT e.id, e.kind, e.payment_id,
                coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'DEBIT'), 0) AS debits,
                coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'CREDIT'), 0) AS credits
           FROM ledger_entries e LEFT JOIN postings p ON p.entry_id = e.id
          WHERE ${day} GROUP BY e.id
         HAVING coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'DEBIT'), 0)
             <> coalesce(sum(p.posting_amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
             OR count(p.id) = 0`),
        // Money held for an order the read model does not know, or knows as cancelled.
        q(`SELECT pay.id AS payment_id, pay.order_id, pay.captured_amount, pay.refunded_amount, pay.currency,
                CASE WHEN o.order_id IS NULL THEN 'ORDER_UNKNOWN' ELSE 'ORDER_CANCELLED' END AS reason
           FROM payments pay LEFT JOIN order_views o ON o.order_id = pay.order_id
          WHERE pay.id IN (SELECT e.payment_id FROM ledger_entries e WHERE e.kind = 'CAPTURE' AND ${day})
            AND pay.captured_amount > pay.refunded_amount
            AND (o.order_id IS NULL OR o.status = 'CANCELLED')
          ORDER BY pay.id`),
        q(`SELECT e2.order_id, array_agg(DISTINCT e2.payment_id::text) AS payment_ids, count(*) AS captures
           FROM ledger_entries e2
          WHERE e2.kind = 'CAPTURE'
            AND e2.order_id IN (SELECT e.order_id FROM ledger_entries e WHERE e.kind = 'CAPTURE' AND ${day})
          GROUP BY e2.order_id HAVING count(*) > 1 ORDER BY e2.order_id`),
        q(`SELECT e.payment_id, e.order_id, e.currency, p.posting_amount AS captured, o.order_amount AS expected
           FROM ledger_entries e
           JOIN postings p ON p.entry_id = e.id AND p.direction = 'DEBIT'
           JOIN order_views o ON o.order_id = e.order_id
          WHERE e.kind = 'CAPTURE' AND ${day} AND o.order_amount IS NOT NULL AND o.order_amount <> p.posting_amount
          ORDER BY e.payment_id`),
        // Provider reports of another amount or currency, recorded that day instead of captured.
        q(`SELECT pay.id AS payment_id, pay.order_id, m->>'at' AS at, m->>'source' AS source,
                m->>'providerEventId' AS provider_event_id,
                m->'expected'->>'amount' AS expected_amount, m->'expected'->>'currency' AS expected_currency,
                m->'reported'->>'amount' AS reported_amount, m->'reported'->>'currency' AS reported_currency
           FROM payments pay CROSS JOIN LATERAL jsonb_array_elements(pay.amount_mismatches) m
          WHERE pay.amount_mismatches <> '[]'::jsonb
            AND ((m->>'at')::timestamptz AT TIME ZONE $2)::date = $1::date
          ORDER BY m->>'at', pay.id`),
      ]);

    const methods = byMethod.map((r) => {
      const captured = Number(r.captured ?? 0);
      const refunded = Number(r.refunded ?? 0);
      const fees = Number(r.fees ?? 0);
      return {
        method: r.method,
        captures: Number(r.captures),
        refunds: Number(r.refunds),
        captured: moneyFrom(captured),
        refunded: moneyFrom(refunded),
        net: moneyFrom(captured - refunded),
        fees: moneyFrom(fees),
        settlement: moneyFrom(captured - refunded - fees),
      };
    });
    const sum = (key: 'captured' | 'refunded' | 'net' | 'fees' | 'settlement') =>
      moneyFrom(methods.reduce((total, m) => total + m[key].amount, 0));
    const debits = Number(ledger[0]?.debits ?? 0);
    const credits = Number(ledger[0]?.credits ?? 0);
    const mismatches = {
      paymentsWithoutOrders: withoutOrders.map((r) => ({
        paymentId: r.payment_id,
        orderId: r.order_id,
        reason: r.reason,
        held: moneyFrom(Number(r.captured_amount) - Number(r.refunded_amount), r.currency),
      })),
      ordersPaidTwice: paidTwice.map((r) => ({
        orderId: r.order_id,
        captures: Number(r.captures),
        paymentIds: r.payment_ids as unknown as string[],
      })),
      amountMismatches: amountMismatches.map((r) => ({
        paymentId: r.payment_id,
        orderId: r.order_id,
        captured: moneyFrom(r.captured, r.currency),
        expected: moneyFrom(r.expected, r.currency),
      })),
      reportedAmountMismatches: reported.map((r) => ({
        paymentId: r.payment_id,
        orderId: r.order_id,
        at: new Date(r.at ?? 0).toISOString(),
        source: r.source,
        ...(r.provider_event_id ? { providerEventId: r.provider_event_id } : {}),
        expected: moneyFrom(r.expected_amount, r.expected_currency),
        reported: moneyFrom(r.reported_amount, r.reported_currency),
      })),
      unbalancedJournals: unbalanced.map((r) => ({
        entryId: r.id,
        kind: r.kind,
        paymentId: r.payment_id,
        debits: moneyFrom(r.debits),
        credits: moneyFrom(r.credits),
      })),
    };
    return {
      date,
      timeZone,
      byMethod: methods,
      totals: {
        captured: sum('captured'),
        refunded: sum('refunded'),
        net: sum('net'),
        fees: sum('fees'),
        settlement: sum('settlement'),
      },
      ledger: {
        journals: Number(ledger[0]?.journals ?? 0),
        debits: moneyFrom(debits),
        credits: moneyFrom(credits),
        balance: moneyFrom(debits - credits),
        balanced: debits === credits,
      },
      mismatches,
      mismatchCount: Object.values(mismatches).reduce((n, list) => n + list.length, 0),
    };
  }
}
