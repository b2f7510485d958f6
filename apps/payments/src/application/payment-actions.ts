import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeOutbox } from '@emporium/platform-messaging';
import { counter } from '@emporium/platform-observability';
import { captureJournals, refundJournal, type Journal } from '../domain/ledger';
import {
  applyAttempt,
  holdsMoney,
  voidPayment,
  type AmountMismatch,
  type Attempt,
  type PaymentFlag,
} from '../domain/payment-status';
import { applyRefund, refundable } from '../domain/refunds';
import type { StatementMismatch } from '../domain/statements';
import { insertJournal } from '../persistence/ledger.queries';
import type { PaymentEntity } from '../persistence/payment.entity';
import { RefundEntity, type RefundKind } from '../persistence/refund.entity';
import { PAYMENT_PROVIDERS, type PaymentProviders } from './providers/payment-providers';

const captures = counter('emporium_payments_captured_total', 'Payments captured, by method', [
  'method',
]);
const mismatches = counter(
  'emporium_payments_amount_mismatches_total',
  'Provider reports of another amount or currency than the payment, not captured',
  ['method', 'source'],
);

/** Adds a flag once; `flag` keeps the latest. */
function addFlag(p: PaymentEntity, flag: PaymentFlag): void {
  if (!p.flags.includes(flag)) p.flags = [...p.flags, flag];
  p.flag = flag;
}

/** A refund to record on a locked payment. */
export interface RefundRequest {
  readonly amount: number;
  readonly reason: string;
  readonly kind: RefundKind;
  readonly returnId?: string;
}

/**
 * The state changes of a payment, each inside the caller's transaction on a row it has locked:
 * the domain decides, then the row, the ledger journals and the outbox event are written together.
 */
@Injectable()
export class PaymentActions {
  constructor(@Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders) {}

  /**
   * Records an attempt: a capture (with its fee) or a decline, the third of which fails it (the
   * first, when the provider has closed the trade).
   */
  async attempt(
    tx: EntityManager,
    p: PaymentEntity,
    attempt: Attempt,
    captured = p.amount,
    tradeClosed = false,
  ): Promise<void> {
    const result = applyAttempt(p, attempt, captured, tradeClosed);
    p.status = result.status;
    p.attempts = result.attempts;
    p.confirmingSince = null;
    // The provider has answered: nothing more to wait for.
    p.awaitingProviderSince = null;
    if (result.status === 'CAPTURED') {
      await this.capture(tx, p, result.capturedAmount, new Date(attempt.at));
      return;
    }
    if (result.status === 'FAILED') {
      p.closedAt = new Date(attempt.at);
      p.closeReason = attempt.reason ?? 'declined';
    }
    await tx.save(p);
    if (result.status === 'FAILED') {
      await writeOutbox(tx, {
        type: 'payment.failed',
        subject: p.id,
        key: p.orderId,
        correlationId: p.orderId,
        data: {
          paymentId: p.id,
          orderId: p.orderId,
          customerId: p.customerId,
          reason: p.closeReason ?? 'declined',
        },
      });
    }
  }

  /**
   * Money taken after the payment was given up (voided, failed): the provider has it, so it is
   * recorded as captured and sent straight back, and the payment is flagged for staff.
   */
  async captureAfterClose(
    tx: EntityManager,
    p: PaymentEntity,
    captured: number,
    at: Date,
  ): Promise<void> {
    p.attempts = [
      ...p.attempts,
      { at: at.toISOString(), outcome: 'CAPTURED', reason: `after the payment was ${p.status}` },
    ];
    addFlag(p, `CAPTURED_AFTER_${p.status as 'VOIDED' | 'FAILED'}`);
    // The provider has answered: nothing more to wait for.
    p.awaitingProviderSince = null;
    await this.capture(tx, p, captured, at);
    if (captured > 0)
      await this.refund(tx, p, {
        amount: captured,
        reason: 'order cancelled',
        kind: 'LATE_CAPTURE',
      });
  }

  /**
   * A provider reported taking another amount or currency than the payment's: nothing is captured
   * (the status stays as it is), the report is kept, the payment flagged `AMOUNT_MISMATCH`, and
   * `payment.flagged` tells staff (customer-service opens a system ticket).
   */
  async flagAmountMismatch(
    tx: EntityManager,
    p: PaymentEntity,
    report: Omit<AmountMismatch, 'expected'>,
  ): Promise<void> {
    const mismatch: AmountMismatch = {
      ...report,
      expected: { amount: p.amount, currency: p.currency },
    };
    p.amountMismatches = [...p.amountMismatches, mismatch];
    p.confirmingSince = null;
    addFlag(p, 'AMOUNT_MISMATCH');
    await tx.save(p);
    mismatches.inc({ method: p.method, source: mismatch.source });
    await writeOutbox(tx, {
      type: 'payment.flagged',
      subject: p.id,
      key: p.orderId,
      correlationId: p.orderId,
      data: {
        paymentId: p.id,
        orderId: p.orderId,
        customerId: p.customerId,
        flag: 'AMOUNT_MISMATCH',
        source: mismatch.source,
        ...(mismatch.providerEventId ? { providerEventId: mismatch.providerEventId } : {}),
        expected: mismatch.expected,
        reported: mismatch.reported,
        status: p.status,
        flaggedAt: mismatch.at,
      },
    });
  }

  /**
   * A provider's statement differs from the ledger on this payment: flagged
   * `STATEMENT_MISMATCH` (the status and money stay as they are) and `payment.statement-mismatch`
   * tells staff, one event per difference (customer-service opens a system ticket for each).
   */
  async flagStatementMismatch(
    tx: EntityManager,
    p: PaymentEntity,
    statement: { readonly provider: string; readonly date: string },
    m: StatementMismatch,
  ): Promise<void> {
    addFlag(p, 'STATEMENT_MISMATCH');
    await tx.save(p);
    await writeOutbox(tx, {
      type: 'payment.statement-mismatch',
      subject: p.id,
      key: p.orderId,
      correlationId: p.orderId,
      data: {
        paymentId: p.id,
        orderId: p.orderId,
        customerId: p.customerId,
        provider: statement.provider,
        date: statement.date,
        kind: m.kind,
        lineKind: m.lineKind,
        reference: m.reference,
        ...(m.refundId ? { refundId: m.refundId } : {}),
        ...(m.ours === undefined ? {} : { ledger: { amount: m.ours, currency: p.currency } }),
        ...(m.theirs === undefined
          ? {}
          : { statement: { amount: m.theirs, currency: p.currency } }),
        detectedAt: new Date().toISOString(),
      },
    });
  }

  /** Settles the payment of a cancelled order: void it if unpaid, refund what is left if paid. */
  async settleCancelledOrder(tx: EntityManager, p: PaymentEntity, reason: string): Promise<void> {
    if (p.status === 'REQUIRES_CONFIRMATION') {
      p.status = voidPayment(p);
      p.closedAt = new Date();
      p.closeReason = reason;
      p.confirmingSince = null;
      await tx.save(p);
      await writeOutbox(tx, {
        type: 'payment.voided',
        subject: p.id,
        key: p.orderId,
        correlationId: p.orderId,
        data: { paymentId: p.id, orderId: p.orderId, customerId: p.customerId, reason },
      });
    } else if (holdsMoney(p.status) && refundable(p) > 0) {
      await this.refund(tx, p, {
        amount: refundable(p),
        reason: 'order cancelled',
        kind: 'CANCELLATION',
      });
    }
  }

  /** Refunds part of a captured payment; never more than captured minus refunded (422). */
  async refund(tx: EntityManager, p: PaymentEntity, request: RefundRequest): Promise<RefundEntity> {
    const result = applyRefund(p, request.amount);
    p.status = result.status;
    p.refundedAmount = result.refundedAmount;
    await tx.save(p);
    const refund = await tx.save(
      tx.create(RefundEntity, {
        id: randomUUID(),
        paymentId: p.id,
        amount: request.amount,
        currency: p.currency,
        reason: request.reason,
        kind: request.kind,
        returnId: request.returnId ?? null,
        providerStatus: 'PENDING',
        providerRefundRef: null,
      }),
    );
    await this.post(tx, p, [refundJournal(p.method, request.amount)], refund.id);
    await writeOutbox(tx, {
      type: 'payment.refunded',
      subject: p.id,
      key: p.orderId,
      correlationId: p.orderId,
      data: {
        paymentId: p.id,
        orderId: p.orderId,
        customerId: p.customerId,
        refundId: refund.id,
        amount: { amount: refund.amount, currency: p.currency },
        reason: refund.reason,
        ...(request.returnId ? { returnId: request.returnId } : {}),
        refundedTotal: { amount: p.refundedAmount, currency: p.currency },
        status: result.status,
      },
    });
    return refund;
  }

  private async capture(
    tx: EntityManager,
    p: PaymentEntity,
    captured: number,
    at: Date,
  ): Promise<void> {
    p.status = 'CAPTURED';
    p.capturedAmount = captured;
    p.capturedAt = at;
    p.feeAmount = this.providers.forMethod(p.method).fee(p.method, captured);
    await tx.save(p);
    await this.post(tx, p, captureJournals(p.method, captured, p.feeAmount));
    captures.inc({ method: p.method });
    await writeOutbox(tx, {
      type: 'payment.captured',
      subject: p.id,
      key: p.orderId,
      correlationId: p.orderId,
      data: {
        paymentId: p.id,
        orderId: p.orderId,
        customerId: p.customerId,
        method: p.method,
        amount: { amount: captured, currency: p.currency },
        capturedAt: at.toISOString(),
      },
    });
  }

  /** Writes balanced journals (the domain built them so) in the caller's transaction. */
  private async post(
    tx: EntityManager,
    p: PaymentEntity,
    journals: readonly Journal[],
    refundId?: string,
  ): Promise<void> {
    for (const journal of journals) {
      await insertJournal(
        tx,
        {
          paymentId: p.id,
          orderId: p.orderId,
          refundId: refundId ?? null,
          method: p.method,
          currency: p.currency,
        },
        journal,
      );
    }
  }
}
