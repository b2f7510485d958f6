import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { MemberTiersService } from '../application/member-tiers.service';

/** The fields of `payment.refunded` this handler needs (STYLE.md: paymentId, orderId, refundId, amount). */
interface RefundFields {
  readonly orderId: string;
  readonly amount: { readonly amount: number };
}

function refundFieldsOf(data: unknown): RefundFields | undefined {
  const d = data as { orderId?: unknown; amount?: { amount?: unknown } } | null;
  if (typeof d?.orderId !== 'string' || !Number.isSafeInteger(d.amount?.amount)) return undefined;
  return d as RefundFields;
}

/** A refund lowers the customer's net spend, and with it perhaps the member tier. */
@Injectable()
@HandlesEvent('payment.refunded')
export class PaymentRefundedHandler implements EventHandler<'payment.refunded'> {
  constructor(private readonly tiers: MemberTiersService) {}

  async handle(event: EventEnvelope<'payment.refunded'>, tx: EntityManager): Promise<void> {
    const refund = refundFieldsOf(event.data);
    // Until payments declares the event's data type, a shape this handler cannot read is skipped.
    if (!refund) return;
    await this.tiers.recordRefund(tx, refund.orderId, refund.amount.amount);
  }
}
