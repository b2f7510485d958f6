import {
  moneyFrom,
  type PaymentView,
  type RefundView,
  type StatementImportView,
  type StatementMismatchView,
} from '@emporium/contracts';
import type { StatementImport } from '../application/statements.service';
import type { StatementMismatch } from '../domain/statements';
import type { PaymentWithRefunds } from '../application/payments.service';
import type { RefundEntity } from '../persistence/refund.entity';

/** A refund as the API shows it. */
export function toRefundView(r: RefundEntity): RefundView {
  return {
    id: r.id,
    paymentId: r.paymentId,
    amount: { amount: r.amount, currency: r.currency },
    reason: r.reason,
    at: r.createdAt.toISOString(),
    ...(r.returnId ? { returnId: r.returnId } : {}),
  };
}

/** A payment as the API shows it. */
export function toPaymentView({ payment: p, refunds }: PaymentWithRefunds): PaymentView {
  const m = (amount: number) => ({ amount, currency: p.currency });
  return {
    id: p.id,
    orderId: p.orderId,
    orderNumber: p.orderNumber,
    customerId: p.customerId,
    method: p.method,
    status: p.status,
    amount: m(p.amount),
    capturedAmount: m(p.capturedAmount),
    refundedTotal: m(p.refundedAmount),
    attempts: p.attempts,
    refunds: refunds.map(toRefundView),
    createdAt: p.createdAt.toISOString(),
    dueAt: p.dueAt?.toISOString() ?? null,
    capturedAt: p.capturedAt?.toISOString() ?? null,
    ...(p.closeReason ? { closedReason: p.closeReason } : {}),
    ...(p.flag ? { flag: p.flag } : {}),
    flags: p.flags,
    ...(p.amountMismatches.length > 0 ? { amountMismatches: p.amountMismatches } : {}),
    ...(p.status === 'REQUIRES_CONFIRMATION' && p.providerQrCode
      ? { nextAction: { type: 'SCAN_QR_CODE', qrCode: p.providerQrCode } }
      : {}),
  };
}

/** A statement difference as the API shows it (statements are in CNY). */
export function toStatementMismatchView(
  provider: string,
  m: StatementMismatch,
): StatementMismatchView {
  return {
    provider,
    kind: m.kind,
    lineKind: m.lineKind,
    reference: m.reference,
    ...(m.paymentId ? { paymentId: m.paymentId } : {}),
    ...(m.refundId ? { refundId: m.refundId } : {}),
    ...(m.ours === undefined ? {} : { ours: moneyFrom(m.ours) }),
    ...(m.theirs === undefined ? {} : { theirs: moneyFrom(m.theirs) }),
  };
}

/** What an imported statement came to. */
export function toStatementImportView(s: StatementImport): StatementImportView {
  return {
    provider: s.provider,
    date: s.date,
    source: s.source,
    lines: s.lines,
    matched: s.matched,
    mismatches: s.mismatches.map((m) => toStatementMismatchView(s.provider, m)),
    newMismatches: s.newMismatches,
  };
}
