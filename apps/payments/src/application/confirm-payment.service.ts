import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, DomainError, NotFoundError, type Identity } from '@emporium/contracts';
import { transaction } from '@emporium/platform-persistence';
import { assertConfirmable } from '../domain/payment-status';
import { isPaymentAmount, ProviderUnavailableError } from '../domain/provider-events';
import { PaymentEntity } from '../persistence/payment.entity';
import { clearConfirmation } from '../persistence/payment.queries';
import { PaymentActions } from './payment-actions';
import type { Simulation } from './providers/payment-provider';
import { PAYMENT_PROVIDERS, type PaymentProviders } from './providers/payment-providers';

/** A confirmation still with the provider after this long died with its process; another may start. */
const CONFIRMATION_TIMEOUT_MS = 60_000;

/** The customer confirms a payment: the synchronous path to CAPTURED (or a declined attempt). */
@Injectable()
export class ConfirmPaymentService {
  private readonly log = new Logger(ConfirmPaymentService.name);

  constructor(
    private readonly db: DataSource,
    private readonly actions: PaymentActions,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
  ) {}

  /**
   * Records the intent (so a concurrent confirmation is a 409), commits, asks the provider outside
   * any transaction, then records the outcome under the row lock. A payment is captured once.
   * A provider that accepts the request and reports later (`PENDING`) leaves the payment waiting,
   * with no attempt recorded: its webhook records the outcome.
   */
  async confirm(id: string, caller: Identity, simulate?: Simulation): Promise<PaymentEntity> {
    const intent = await transaction(this.db, async (tx) => {
      const payment = await this.lockOwn(tx, id, caller);
      const now = new Date();
      assertConfirmable(payment, now);
      if (
        payment.confirmingSince &&
        now.getTime() - payment.confirmingSince.getTime() < CONFIRMATION_TIMEOUT_MS
      ) {
        throw new ConflictError(
          'payment-confirmation-in-progress',
          'This payment is being confirmed; retry shortly',
        );
      }
      payment.confirmingSince = now;
      return tx.save(payment);
    });

    const provider = this.providers.forMethod(intent.method);
    let outcome;
    try {
      outcome = await provider.confirm({
        providerRef: intent.providerRef,
        amount: { amount: intent.amount, currency: intent.currency },
        simulate,
      });
    } catch (error) {
      await clearConfirmation(this.db, id);
      if (error instanceof DomainError) throw error;
      // Out of reach, or an answer that cannot be read or trusted: nothing is recorded, and the
      // provider takes the same reference at most once, so the customer may simply retry.
      this.log.warn(`payment ${id}: ${provider.name} could not confirm: ${String(error)}`);
      throw new ProviderUnavailableError(provider.name);
    }

    return transaction(this.db, async (tx) => {
      const payment = await this.lockOwn(tx, id, caller);
      if (outcome.outcome === 'PENDING') {
        // Nothing is known yet; the intent ends so the customer may try again (same provider
        // reference, so the provider takes the money at most once).
        if (payment.status === 'REQUIRES_CONFIRMATION') {
          payment.confirmingSince = null;
          if (outcome.qrCode) {
            payment.providerQrCode = outcome.qrCode;
            payment.awaitingProviderSince = new Date();
          }
          await tx.save(payment);
        }
        return payment;
      }
      const at = new Date().toISOString();
      if (outcome.outcome === 'CAPTURED' && !isPaymentAmount(payment, outcome.amount)) {
        // Never captured: another amount or currency than the payment's is for staff to look at.
        await this.actions.flagAmountMismatch(tx, payment, {
          at,
          source: 'CONFIRMATION',
          reported: outcome.amount,
        });
        return payment;
      }
      // A webhook may have settled it meanwhile; the provider's report wins, and nothing is taken twice.
      if (payment.status !== 'REQUIRES_CONFIRMATION') {
        if (
          outcome.outcome === 'CAPTURED' &&
          (payment.status === 'VOIDED' || payment.status === 'FAILED')
        ) {
          // The order was cancelled while the provider took the money: record it and give it back.
          await this.actions.captureAfterClose(tx, payment, outcome.amount.amount, new Date(at));
          return payment;
        }
        if (payment.status === 'CAPTURED' && outcome.outcome === 'CAPTURED') return payment;
        throw new ConflictError(
          'payment-not-confirmable',
          `A ${payment.status} payment cannot be confirmed`,
        );
      }
      if (outcome.outcome === 'CAPTURED') {
        await this.actions.attempt(tx, payment, { at, outcome: 'CAPTURED' }, outcome.amount.amount);
      } else {
        await this.actions.attempt(
          tx,
          payment,
          { at, outcome: 'DECLINED', reason: outcome.reason },
          payment.amount,
          outcome.tradeClosed,
        );
      }
      return payment;
    });
  }

  private async lockOwn(tx: EntityManager, id: string, caller: Identity): Promise<PaymentEntity> {
    const payment = await tx.findOne(PaymentEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!payment || payment.customerId !== caller.userId)
      throw new NotFoundError('payment-not-found', `No payment ${id}`);
    return payment;
  }
}
