import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { writeOutbox } from '@emporium/platform-messaging';
import { systemTicketFor, type SystemCause } from '../domain/system-tickets';
import { OrderViewEntity } from '../persistence/read-models.entity';
import { TicketEntity } from '../persistence/ticket.entity';
import { insertSystemMessage, lockSystemCause } from '../persistence/ticket.queries';
import { Clock } from './clock';
import { SYSTEM_ACTOR, audit } from './ticket-journal';
import { TicketsService } from './tickets.service';

/**
 * Tickets the desk opens itself from events. One ticket per cause key, whatever the redeliveries;
 * a new occurrence of the same cause (a second failed attempt of the parcel) adds a SYSTEM message.
 */
@Injectable()
export class SystemTicketsService {
  constructor(
    private readonly tickets: TicketsService,
    private readonly clock: Clock,
  ) {}

  async raise(
    tx: EntityManager,
    cause: SystemCause,
    customerId: string,
    orderId: string | undefined,
  ): Promise<TicketEntity> {
    const order = orderId ? await tx.findOneBy(OrderViewEntity, { id: orderId }) : null;
    const draft = systemTicketFor({ ...cause, orderNumber: order?.number ?? undefined });
    // Serialises two handlers reporting the same cause at once (different topics, same order).
    await lockSystemCause(tx, draft.key);
    const existing = await tx.findOneBy(TicketEntity, { systemKey: draft.key });
    if (!existing) {
      return this.tickets.open(
        tx,
        {
          customerId,
          type: draft.type,
          channel: 'WEB',
          subject: draft.subject,
          message: draft.message,
          orderId,
          origin: 'SYSTEM',
          systemKey: draft.key,
          systemCause: cause.kind,
          occurrenceKey: draft.occurrenceKey,
        },
        SYSTEM_ACTOR,
      );
    }
    const now = this.clock.now();
    const messageId = await insertSystemMessage(tx, {
      ticketId: existing.id,
      body: draft.message,
      occurrenceKey: draft.occurrenceKey,
      at: now,
    });
    if (messageId) {
      await audit(
        tx,
        existing.id,
        SYSTEM_ACTOR,
        'replied',
        { messageId, author: 'SYSTEM', systemCause: cause.kind },
        now,
      );
      await writeOutbox(tx, {
        type: 'ticket.replied',
        subject: existing.id,
        data: {
          ticketId: existing.id,
          customerId: existing.customerId,
          messageId,
          author: 'SYSTEM',
          attachmentCount: 0,
          at: now.toISOString(),
        },
      });
    }
    return existing;
  }
}
