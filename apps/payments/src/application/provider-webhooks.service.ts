import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, NotFoundError, UnauthorizedError } from '@emporium/contracts';
import { transaction } from '@emporium/platform-persistence';
import { decideProviderEvent, isPaymentAmount } from '../domain/provider-events';
import { PaymentEntity } from '../persistence/payment.entity';
import { recordWebhookDelivery, setWebhookOutcome } from '../persistence/webhook-event.queries';
import { PaymentActions } from './payment-actions';
import type { WebhookAnswer } from './providers/payment-provider';
import { PAYMENT_PROVIDERS, type PaymentProviders } from './providers/payment-providers';

/** What the webhook answers the provider. */
export interface WebhookReceipt {
  readonly received: true;
  readonly eventId: string;
  /** `applied`, `duplicate`, `amount-mismatch` (flagged, not captured), or why it changed nothing. */
  readonly outcome: string;
  readonly paymentStatus?: string;
}

/** A provider's asynchronous reports: verified, deduplicated by event id, applied in order of arrival. */
@Injectable()
export class ProviderWebhooksService {
  constructor(
    private readonly db: DataSource,
    private readonly actions: PaymentActions,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
  ) {}

  /** How `providerName` expects a processed notification answered, when not with the receipt. */
  answerOf(providerName: string): WebhookAnswer | undefined {
    return this.providers.answerOf(providerName);
  }

  async receive(
    providerName: string,
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer | string,
  ): Promise<WebhookReceipt> {
    const provider = this.providers.named(providerName);
    const verified = provider.verifyWebhook(headers, rawBody);
    if (!verified.ok) {
      if (verified.problem === 'unauthenticated')
        throw new UnauthorizedError('invalid-signature', verified.detail);
      throw new BadRequestError('invalid-webhook-payload', verified.detail);
    }
    const { event } = verified;
    return transaction(this.db, async (tx) => {
      const payment = await tx.findOne(PaymentEntity, {
        where: { providerRef: event.providerRef, provider: provider.name },
        lock: { mode: 'pessimistic_write' },
      });
      if (!payment) throw new NotFoundError('payment-not-found', `No payment ${event.providerRef}`);
      // The event id row is the replay guard: inserted with the effect, or already there (then
      // only its delivery count moves). The payment's row lock serialises deliveries of one event.
      const deliveries = await recordWebhookDelivery(tx, {
        provider: provider.name,
        eventId: event.id,
        eventType: event.type,
        paymentId: payment.id,
      });
      const fresh = deliveries === 1;
      const decision = decideProviderEvent(
        payment.status,
        event.type,
        !fresh,
        isPaymentAmount(payment, event.amount),
      );
      const at = new Date();
      const captured = event.amount?.amount ?? payment.amount;
      if (decision.action === 'flag' && event.amount) {
        await this.actions.flagAmountMismatch(tx, payment, {
          at: at.toISOString(),
          source: 'WEBHOOK',
          providerEventId: event.id,
          reported: event.amount,
        });
      } else if (decision.action === 'capture') {
        await this.actions.attempt(
          tx,
          payment,
          { at: at.toISOString(), outcome: 'CAPTURED' },
          captured,
        );
      } else if (decision.action === 'decline') {
        const reason = event.reason ?? 'declined by the provider';
        await this.actions.attempt(
          tx,
          payment,
          { at: at.toISOString(), outcome: 'DECLINED', reason },
          payment.amount,
          event.tradeClosed,
        );
      } else if (decision.action === 'capture-and-refund') {
        await this.actions.captureAfterClose(tx, payment, captured, at);
      }
      const outcome =
        decision.action === 'ignore'
          ? decision.why
          : decision.action === 'flag'
            ? 'amount-mismatch'
            : 'applied';
      if (fresh) {
        await setWebhookOutcome(tx, provider.name, event.id, outcome);
      }
      return {
        received: true,
        eventId: event.id,
        outcome: fresh ? outcome : 'duplicate',
        paymentStatus: payment.status,
      };
    });
  }
}
