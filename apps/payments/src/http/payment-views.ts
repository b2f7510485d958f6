import type { PaymentView, RefundView } from '@emporium/contracts';
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
