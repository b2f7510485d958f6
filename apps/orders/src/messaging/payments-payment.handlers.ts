import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { OrderJourneyService } from '../application/order-journey.service';
import { ReturnsService } from '../application/returns.service';

/** Journey step 4: the order learns its payment's id. */
@Injectable()
@HandlesEvent('payment.created')
export class PaymentCreatedHandler implements EventHandler<'payment.created'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle({ data }: EventEnvelope<'payment.created'>, tx: EntityManager): Promise<void> {
    await this.journey.paymentCreated(data.orderId, data.paymentId, tx);
  }
}

/** Journey step 5: captured → PAID, when the captured amount covers the order total. */
@Injectable()
@HandlesEvent('payment.captured')
export class PaymentCapturedHandler implements EventHandler<'payment.captured'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle({ data }: EventEnvelope<'payment.captured'>, tx: EntityManager): Promise<void> {
    await this.journey.paymentCaptured(data.orderId, data.paymentId, data.amount, tx);
  }
}

/** Journey step 5, failed: the last attempt was declined → CANCELLED (PAYMENT_FAILED). */
@Injectable()
@HandlesEvent('payment.failed')
export class PaymentFailedHandler implements EventHandler<'payment.failed'> {
  constructor(private readonly journey: OrderJourneyService) {}

  async handle({ data }: EventEnvelope<'payment.failed'>, tx: EntityManager): Promise<void> {
    await this.journey.paymentFailed(data.orderId, tx);
  }
}

/** Journey step 7: a return's refund went through (or a cancelled order's money went back). */
@Injectable()
@HandlesEvent('payment.refunded')
export class PaymentRefundedHandler implements EventHandler<'payment.refunded'> {
  constructor(private readonly returns: ReturnsService) {}

  async handle({ data }: EventEnvelope<'payment.refunded'>, tx: EntityManager): Promise<void> {
    await this.returns.refunded(
      { orderId: data.orderId, returnId: data.returnId, amount: data.amount.amount },
      tx,
    );
  }
}
