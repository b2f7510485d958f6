import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { MemberTiersService } from '../application/member-tiers.service';

/** A refund lowers the customer's net spend, and with it perhaps the member tier. */
@Injectable()
@HandlesEvent('payment.refunded')
export class RefundLowersSpendHandler implements EventHandler<'payment.refunded'> {
  constructor(private readonly tiers: MemberTiersService) {}

  async handle({ data }: EventEnvelope<'payment.refunded'>, tx: EntityManager): Promise<void> {
    await this.tiers.recordRefund(tx, data.orderId, data.amount.amount);
  }
}
