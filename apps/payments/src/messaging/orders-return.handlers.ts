import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, ReturnReceivedV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { RefundsService } from '../application/refunds.service';

/** Journey step 7: the returned goods are back; their paid amounts are refunded, once per return. */
@Injectable()
@HandlesEvent('return.received')
export class ReturnReceivedHandler implements EventHandler<'return.received'> {
  constructor(private readonly refunds: RefundsService) {}

  async handle({ data }: EventEnvelope<'return.received', ReturnReceivedV1>, tx: EntityManager) {
    await this.refunds.refundReturn(data, tx);
  }
}
