import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventData, EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { ReadModelsService } from '../application/read-models.service';
import { SystemTicketsService } from '../application/system-tickets.service';

/** A payment waits for the customer's confirmation. */
@Injectable()
@HandlesEvent('payment.created')
export class PaymentCreatedHandler implements EventHandler<'payment.created'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data }: EventEnvelope<'payment.created'>, tx: EntityManager) {
    await this.readModels.payment(tx, {
      paymentId: data.paymentId,
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'REQUIRES_CONFIRMATION',
      method: data.method,
      amount: data.amount?.amount,
    });
  }
}

/** Money taken; for an order cancelled unpaid this opens a system ticket. */
@Injectable()
@HandlesEvent('payment.captured')
export class PaymentCapturedHandler implements EventHandler<'payment.captured'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data, occurredAt }: EventEnvelope<'payment.captured'>, tx: EntityManager) {
    await this.readModels.payment(tx, {
      paymentId: data.paymentId,
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'CAPTURED',
      method: data.method,
      amount: data.amount?.amount,
      capturedAt: new Date(data.capturedAt ?? occurredAt),
    });
  }
}

/** The payment can no longer succeed. */
@Injectable()
@HandlesEvent('payment.failed')
export class PaymentFailedHandler implements EventHandler<'payment.failed'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data }: EventEnvelope<'payment.failed'>, tx: EntityManager) {
    await this.readModels.payment(tx, {
      paymentId: data.paymentId,
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'FAILED',
    });
  }
}

/** Money went back; `refundedTotal` is cumulative, so a redelivery or reordering cannot double it. */
@Injectable()
@HandlesEvent('payment.refunded')
export class PaymentRefundedHandler implements EventHandler<'payment.refunded'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data }: EventEnvelope<'payment.refunded'>, tx: EntityManager) {
    await this.readModels.payment(tx, {
      paymentId: data.paymentId,
      orderId: data.orderId,
      customerId: data.customerId,
      status: data.status ?? 'REFUNDED',
      refundedAmount: data.refundedTotal?.amount ?? data.amount?.amount,
    });
  }
}

/** An uncaptured payment was called off. */
@Injectable()
@HandlesEvent('payment.voided')
export class PaymentVoidedHandler implements EventHandler<'payment.voided'> {
  constructor(private readonly readModels: ReadModelsService) {}

  async handle({ data }: EventEnvelope<'payment.voided'>, tx: EntityManager) {
    await this.readModels.payment(tx, {
      paymentId: data.paymentId,
      orderId: data.orderId,
      customerId: data.customerId,
      status: 'VOIDED',
    });
  }
}

/** What a payment reports for staff to look at. */
type PaymentIssueEvent = 'payment.flagged' | 'payment.statement-mismatch';

/** What opens a system ticket. */
type SystemCause = Parameters<SystemTicketsService['raise']>[1];

/**
 * A provider reported another amount than the payment's (nothing was captured), or its statement
 * differs from the ledger: staff must look, in a system ticket per payment, or per difference.
 */
@Injectable()
@HandlesEvent('payment.flagged', 'payment.statement-mismatch')
export class PaymentFlaggedHandler implements EventHandler<PaymentIssueEvent> {
  constructor(private readonly systemTickets: SystemTicketsService) {}

  async handle(
    event: EventEnvelope<PaymentIssueEvent, EventData<PaymentIssueEvent>>,
    tx: EntityManager,
  ) {
    const { data } = event;
    await this.systemTickets.raise(tx, causeOf(event), data.customerId, data.orderId);
  }
}

function causeOf(
  event: EventEnvelope<PaymentIssueEvent, EventData<PaymentIssueEvent>>,
): SystemCause {
  if (event.type === 'payment.flagged') {
    const data = event.data as EventData<'payment.flagged'>;
    return {
      kind: 'PAYMENT_AMOUNT_MISMATCH',
      paymentId: data.paymentId,
      expected: data.expected,
      reported: data.reported,
      at: data.flaggedAt,
    };
  }
  const data = event.data as EventData<'payment.statement-mismatch'>;
  const nothing = { amount: 0, currency: 'CNY' };
  return {
    kind: 'PAYMENT_STATEMENT_MISMATCH',
    paymentId: data.paymentId,
    provider: data.provider,
    date: data.date,
    mismatch: data.kind,
    reference: data.reference,
    ours: data.ledger ?? nothing,
    theirs: data.statement ?? nothing,
  };
}
