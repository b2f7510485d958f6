import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { moneyFrom } from '@emporium/contracts';
import {
  capturedAmountMismatches,
  capturesByMethod,
  ledgerTotals,
  ordersPaidTwice,
  paymentsWithoutOrders,
  reportedAmountMismatches,
  unbalancedJournals,
} from '../persistence/reconciliation.queries';
import { statementMismatchesOfDay, statementsOfDay } from '../persistence/statement.queries';

/**
 * The day's reconciliation, from the ledger and the orders read model: what was captured, refunded
 * and kept per method, whether the ledger balances, and what does not add up.
 */
@Injectable()
export class ReconciliationService {
  constructor(private readonly db: DataSource) {}

  async report(date: string, timeZone: string) {
    const [
      byMethod,
      ledger,
      unbalanced,
      withoutOrders,
      paidTwice,
      amountMismatches,
      reported,
      statements,
      statementDifferences,
    ] = await Promise.all([
      capturesByMethod(this.db, date, timeZone),
      ledgerTotals(this.db, date, timeZone),
      unbalancedJournals(this.db, date, timeZone),
      paymentsWithoutOrders(this.db, date, timeZone),
      ordersPaidTwice(this.db, date, timeZone),
      capturedAmountMismatches(this.db, date, timeZone),
      reportedAmountMismatches(this.db, date, timeZone),
      statementsOfDay(this.db, date),
      statementMismatchesOfDay(this.db, date),
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
    const debits = Number(ledger.debits);
    const credits = Number(ledger.credits);
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
        paymentIds: r.payment_ids,
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
      // The providers' statements of the day (对账单) against the ledger, as last imported.
      statementMismatches: statementDifferences.map((r) => ({
        provider: r.provider,
        kind: r.kind,
        lineKind: r.line_kind,
        reference: r.reference,
        ...(r.payment_id ? { paymentId: r.payment_id } : {}),
        ...(r.refund_id ? { refundId: r.refund_id } : {}),
        ...(r.ours_amount === null ? {} : { ours: moneyFrom(r.ours_amount, r.currency) }),
        ...(r.theirs_amount === null ? {} : { theirs: moneyFrom(r.theirs_amount, r.currency) }),
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
        journals: Number(ledger.journals),
        debits: moneyFrom(debits),
        credits: moneyFrom(credits),
        balance: moneyFrom(debits - credits),
        balanced: debits === credits,
      },
      statements: statements.map((s) => ({
        provider: s.provider,
        source: s.source,
        lines: s.line_count,
        matched: s.matched_count,
        importedAt: new Date(s.imported_at).toISOString(),
      })),
      mismatches,
      mismatchCount: Object.values(mismatches).reduce((n, list) => n + list.length, 0),
    };
  }
}
