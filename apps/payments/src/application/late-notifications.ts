import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Periodic } from '@emporium/platform-app';
import { transaction } from '@emporium/platform-persistence';
import { isPaymentAmount } from '../domain/provider-events';
import { PaymentEntity } from '../persistence/payment.entity';
import { paymentsToAsk, type PaymentToAsk } from '../persistence/payment.queries';
import { PaymentActions } from './payment-actions';
import type { ConfirmOutcome } from './providers/payment-provider';
import { PAYMENT_PROVIDERS, type PaymentProviders } from './providers/payment-providers';
import { DISPATCH_INTERVAL_MS } from './refunds.service';

/** Injection token: how late a provider's notification may be before the provider is asked, ms. */
export const NOTIFICATION_LATE_AFTER_MS = Symbol('NOTIFICATION_LATE_AFTER_MS');

// Payments asked per pass; the next pass takes the rest.
const ASK_BATCH = 20;

/**
 * Alipay and WeChat Pay notify when the shopper has paid, but a notification can be late or lost:
 * a payment waiting longer than `PAYMENTS_NOTIFICATION_LATE_AFTER_MS` since its QR code is looked up
 * at the provider (`alipay.trade.query`, the transaction query), and what it says is recorded as the
 * notification would have been.
 */
@Injectable()
export class LateNotifications {
  private readonly log = new Logger(LateNotifications.name);

  constructor(
    private readonly db: DataSource,
    private readonly actions: PaymentActions,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
    @Inject(DISPATCH_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(NOTIFICATION_LATE_AFTER_MS) private readonly lateAfterMs: number,
  ) {}

  /** One pass: asks the providers of the payments whose notification is late. */
  @Periodic((self: LateNotifications) => self.intervalMs)
  async askProviders(): Promise<void> {
    for (const payment of await paymentsToAsk(this.db, this.lateAfterMs, ASK_BATCH)) {
      await this.ask(payment).catch((error: unknown) =>
        this.log.warn(`payment ${payment.id}: the provider could not be asked: ${String(error)}`),
      );
    }
  }

  private async ask(p: PaymentToAsk): Promise<void> {
    const provider = this.providers.forMethod(p.method);
    if (!provider.lookUp) return;
    const outcome = await provider.lookUp(p.provider_ref);
    if (outcome.outcome === 'PENDING' && p.status === 'REQUIRES_CONFIRMATION') return;
    await transaction(this.db, async (tx) => {
      const payment = await tx.findOne(PaymentEntity, {
        where: { id: p.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (payment?.status === 'VOIDED' || payment?.status === 'FAILED') {
        await this.recordAfterClose(tx, payment, outcome);
      } else if (payment?.status === 'REQUIRES_CONFIRMATION' && outcome.outcome !== 'PENDING') {
        await this.record(tx, payment, outcome);
      }
      // Otherwise settled meanwhile (the notification arrived): nothing to add.
    });
  }

  /**
   * A voided or failed payment: a close that found the trade paid left the money at the provider,
   * so it is recorded and given back as a late webhook would. Asking ends once the provider has
   * settled it either way (paid, closed, or nothing there after our close reached it).
   */
  private async recordAfterClose(
    tx: EntityManager,
    payment: PaymentEntity,
    outcome: ConfirmOutcome,
  ): Promise<void> {
    if (outcome.outcome === 'CAPTURED') {
      if (isPaymentAmount(payment, outcome.amount)) {
        await this.actions.captureAfterClose(tx, payment, outcome.amount.amount, new Date());
      } else {
        payment.awaitingProviderSince = null;
        await this.actions.flagAmountMismatch(tx, payment, {
          at: new Date().toISOString(),
          source: 'CONFIRMATION',
          reported: outcome.amount,
        });
      }
      return;
    }
    if (outcome.outcome === 'DECLINED' || payment.providerClosedAt || payment.status === 'FAILED') {
      payment.awaitingProviderSince = null;
      await tx.save(payment);
    }
  }

  private async record(
    tx: EntityManager,
    payment: PaymentEntity,
    outcome: Exclude<ConfirmOutcome, { outcome: 'PENDING' }>,
  ): Promise<void> {
    const at = new Date().toISOString();
    if (outcome.outcome === 'DECLINED') {
      await this.actions.attempt(
        tx,
        payment,
        { at, outcome: 'DECLINED', reason: outcome.reason },
        payment.amount,
        outcome.tradeClosed,
      );
    } else if (isPaymentAmount(payment, outcome.amount)) {
      await this.actions.attempt(tx, payment, { at, outcome: 'CAPTURED' }, outcome.amount.amount);
    } else {
      // The provider's answer names another amount: staff look; it is not asked again.
      payment.awaitingProviderSince = null;
      await this.actions.flagAmountMismatch(tx, payment, {
        at,
        source: 'CONFIRMATION',
        reported: outcome.amount,
      });
    }
  }
}
