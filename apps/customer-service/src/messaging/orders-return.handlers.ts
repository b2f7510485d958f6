import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { SystemTicketsService } from '../application/system-tickets.service';

/** A rejected return opens an AFTER_SALE system ticket so someone explains it to the customer. */
@Injectable()
@HandlesEvent('return.rejected')
export class ReturnRejectedHandler implements EventHandler<'return.rejected'> {
  constructor(private readonly systemTickets: SystemTicketsService) {}

  async handle({ data }: EventEnvelope<'return.rejected'>, tx: EntityManager) {
    await this.systemTickets.raise(
      tx,
      { kind: 'RETURN_REJECTED', returnId: data.returnId, reason: data.reason },
      data.customerId,
      data.orderId,
    );
  }
}
