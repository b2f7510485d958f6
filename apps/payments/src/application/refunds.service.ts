import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import {
  BusinessRuleError,
  NotFoundError,
  type Money,
  type ReturnReceivedV1,
} from '@emporium/contracts';
import { Periodic, PeriodicTasks } from '@emporium/platform-app';
import { transaction } from '@emporium/platform-persistence';
import { refundable } from '../domain/refunds';
import { PaymentEntity } from '../persistence/payment.entity';
import { markClosedAtProvider, markRefundSucceeded } from '../persistence/payment.queries';
import { RefundEntity } from '../persistence/refund.entity';
import { PaymentActions } from './payment-actions';
import { PAYMENT_PROVIDERS, type PaymentProviders } from './providers/payment-providers';

/** Injection token of how often pending provider calls are swept, in ms. */
export const DISPATCH_INTERVAL_MS = Symbol('DISPATCH_INTERVAL_MS');

// Refunds, then voids, carried out per pass; the next pass takes the rest.
const DISPATCH_BATCH = 50;

/**
 * Refunds: recorded with their ledger journals and event in one transaction under the payment's
 * row lock, then carried out at the provider outside it. Refunds and voids recorded by event
 * handlers are swept to the provider in the background.
 */
@Injectable()
export class RefundsService {
  private readonly log = new Logger(RefundsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly actions: PaymentActions,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
    private readonly tasks: PeriodicTasks,
    @Inject(DISPATCH_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  /** Staff refund part or all of a captured payment (422 above what is left). */
  async refund(paymentId: string, money: Money, reason: string): Promise<RefundEntity> {
    const refund = await transaction(this.db, async (tx) => {
      const payment = await tx.findOne(PaymentEntity, {
        where: { id: paymentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!payment) throw new NotFoundError('payment-not-found', `No payment ${paymentId}`);
      if (money.currency !== payment.currency) {
        throw new BusinessRuleError('currency-mismatch', `The payment is in ${payment.currency}`);
      }
      return this.actions.refund(tx, payment, { amount: money.amount, reason, kind: 'MANUAL' });
    });
    await this.dispatchRefund(refund.id).catch((error: unknown) =>
      this.log.warn(`refund ${refund.id} stays pending: ${String(error)}`),
    );
    return (await this.db.getRepository(RefundEntity).findOneBy({ id: refund.id })) ?? refund;
  }

  /**
   * Journey step 7: refunds a received return once per return id. A return asking more than is
   * left refunds what is left; a payment with nothing left is logged, not retried forever.
   */
  async refundReturn(received: ReturnReceivedV1, tx: EntityManager): Promise<void> {
    const payment = await tx.findOne(PaymentEntity, {
      where: { orderId: received.orderId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!payment) {
      this.log.warn(`return ${received.returnId}: no payment for order ${received.orderId}`);
      return;
    }
    if (await tx.existsBy(RefundEntity, { returnId: received.returnId })) return;
    const amount = Math.min(received.refundAmount.amount, refundable(payment));
    if (amount <= 0) {
      this.log.warn(
        `return ${received.returnId}: payment ${payment.id} has nothing left to refund`,
      );
      return;
    }
    if (amount < received.refundAmount.amount) {
      this.log.warn(
        `return ${received.returnId}: asks ${received.refundAmount.amount}, refunding the ${amount} left`,
      );
    }
    await this.actions.refund(tx, payment, {
      amount,
      reason: `return ${received.returnId}`,
      kind: 'RETURN',
      returnId: received.returnId,
    });
  }

  /** Carries out pending refunds and voids at their providers now; failures are logged. */
  sweep(): Promise<void> {
    return this.tasks.runNow(this, 'dispatchPending');
  }

  /** One pass over pending refunds and voids (idempotent at the providers by our ids). */
  @Periodic((self: RefundsService) => self.intervalMs)
  async dispatchPending(): Promise<void> {
    const refunds = await this.db.getRepository(RefundEntity).find({
      select: { id: true },
      where: { providerStatus: 'PENDING' },
      order: { createdAt: 'ASC' },
      take: DISPATCH_BATCH,
    });
    for (const { id } of refunds) await this.dispatchRefund(id);
    const voids = await this.db.getRepository(PaymentEntity).find({
      select: { id: true },
      where: { status: 'VOIDED', providerClosedAt: IsNull() },
      order: { closedAt: 'ASC' },
      take: DISPATCH_BATCH,
    });
    for (const { id } of voids) await this.dispatchVoid(id);
  }

  private async dispatchRefund(refundId: string): Promise<void> {
    const refund = await this.db.getRepository(RefundEntity).findOneBy({ id: refundId });
    if (!refund || refund.providerStatus !== 'PENDING') return;
    const payment = await this.db
      .getRepository(PaymentEntity)
      .findOneByOrFail({ id: refund.paymentId });
    const { providerRefundRef } = await this.providers.forMethod(payment.method).refund({
      providerRef: payment.providerRef,
      refundId: refund.id,
      amount: { amount: refund.amount, currency: refund.currency },
    });
    await markRefundSucceeded(this.db, refund.id, providerRefundRef);
  }

  private async dispatchVoid(paymentId: string): Promise<void> {
    const payment = await this.db.getRepository(PaymentEntity).findOneByOrFail({ id: paymentId });
    await this.providers.forMethod(payment.method).void({ providerRef: payment.providerRef });
    await markClosedAtProvider(this.db, paymentId);
  }
}
