import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  NotFoundError,
  type Identity,
  type MemberTier,
  type TicketOrigin,
} from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { categorize, scorePriority } from '../domain/priority';
import { slaDeadlines } from '../domain/sla';
import type { TicketChannel, TicketType } from '../domain/ticket';
import { CustomerProfileEntity, OrderViewEntity } from '../persistence/read-models.entity';
import type { Attachment } from '../persistence/ticket-message.entity';
import { TicketMessageEntity } from '../persistence/ticket-message.entity';
import { TicketEntity } from '../persistence/ticket.entity';
import { insertTicket } from '../persistence/ticket.queries';
import { Clock } from './clock';
import { RoutingService } from './routing.service';
import { SUPPORT_SETTINGS, type SupportSettings } from './settings';
import { audit, type Actor } from './ticket-journal';

/** What a new ticket is made of, whoever opens it. */
export interface OpenTicket {
  readonly customerId: string;
  readonly type: TicketType;
  readonly channel: TicketChannel;
  readonly subject: string;
  readonly message: string;
  readonly orderId?: string;
  readonly attachments?: readonly Attachment[];
  /** The tier the caller's token states, used when identity's events have not told us one. */
  readonly memberTier?: MemberTier;
  readonly origin: TicketOrigin;
  readonly systemKey?: string;
  readonly systemCause?: string;
  readonly occurrenceKey?: string;
}

/** A customer's request to open a ticket (`POST /tickets`). */
export type NewTicketRequest = Pick<
  OpenTicket,
  'type' | 'channel' | 'subject' | 'message' | 'orderId' | 'attachments'
>;

const HOUR = 3_600_000;

/** Opening tickets: priority from the read models, SLA deadlines, routing, events. */
@Injectable()
export class TicketsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly routing: RoutingService,
    @Inject(SUPPORT_SETTINGS) private readonly settings: SupportSettings,
  ) {}

  /** A customer opens a ticket; an order they name must be theirs (else 404). */
  create(caller: Identity, request: NewTicketRequest): Promise<TicketEntity> {
    return transaction(this.db, async (tx) => {
      if (request.orderId) {
        const order = await tx.findOneBy(OrderViewEntity, { id: request.orderId });
        // An order this service has not heard of yet is linked as given; one of somebody else is not.
        if (order && order.customerId !== caller.userId)
          throw new NotFoundError('order-not-found', `No order ${request.orderId}`);
      }
      return this.open(
        tx,
        {
          ...request,
          customerId: caller.userId,
          memberTier: caller.memberTier,
          origin: 'CUSTOMER',
        },
        { id: caller.userId, role: 'customer' },
      );
    });
  }

  /** Opens a ticket in the caller's transaction: scored, given deadlines, routed, announced. */
  async open(tx: EntityManager, input: OpenTicket, actor: Actor): Promise<TicketEntity> {
    const now = this.clock.now();
    const order = input.orderId ? await tx.findOneBy(OrderViewEntity, { id: input.orderId }) : null;
    const profile = await tx.findOneBy(CustomerProfileEntity, { id: input.customerId });
    const text = `${input.subject}\n${input.message}`;
    const score = scorePriority({
      type: input.type,
      text,
      orderTotal: order?.totalAmount ?? undefined,
      // Identity's events are fresher than a token issued before a tier change.
      memberTier: (profile?.memberTier as MemberTier | null) ?? input.memberTier,
      orderStatus: order?.status,
      hoursInStatus: order ? (now.getTime() - order.statusSince.getTime()) / HOUR : undefined,
    });
    const due = slaDeadlines(this.settings.sla, score.priority, now);
    const ticket = tx.create(TicketEntity, {
      customerId: input.customerId,
      type: input.type,
      channel: input.channel,
      subject: input.subject,
      category: categorize(input.type, text),
      status: 'OPEN',
      priority: score.priority,
      priorityScore: score.score,
      priorityReasons: [...score.reasons],
      orderId: input.orderId ?? null,
      assigneeId: null,
      origin: input.origin,
      systemKey: input.systemKey ?? null,
      firstResponseDueAt: due.firstResponseDueAt,
      resolutionDueAt: due.resolutionDueAt,
      slaDueAt: due.firstResponseDueAt,
      firstResponseAt: null,
      resolvedAt: null,
      closedAt: null,
      firstResponseBreachedAt: null,
      resolutionBreachedAt: null,
      ratingScore: null,
      ratingComment: null,
      ratedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    const row = await insertTicket(tx, ticket);
    ticket.id = row.id;
    ticket.number = row.number;
    await tx.insert(TicketMessageEntity, {
      ticketId: ticket.id,
      author: input.origin === 'SYSTEM' ? 'SYSTEM' : 'CUSTOMER',
      authorId: input.origin === 'SYSTEM' ? null : input.customerId,
      body: input.message,
      attachments: [...(input.attachments ?? [])],
      occurrenceKey: input.occurrenceKey ?? null,
      createdAt: now,
    });
    await audit(
      tx,
      ticket.id,
      actor,
      'opened',
      {
        status: 'OPEN',
        priority: score.priority,
        priorityScore: score.score,
        ...(input.systemCause ? { systemCause: input.systemCause } : {}),
      },
      now,
    );
    await writeOutbox(tx, {
      type: 'ticket.opened',
      subject: ticket.id,
      data: {
        ticketId: ticket.id,
        customerId: ticket.customerId,
        type: ticket.type,
        channel: ticket.channel,
        category: ticket.category,
        subject: ticket.subject,
        priority: ticket.priority,
        priorityReasons: score.reasons,
        ...(ticket.orderId ? { orderId: ticket.orderId } : {}),
        origin: ticket.origin,
        ...(input.systemCause ? { systemCause: input.systemCause } : {}),
        slaDueAt: ticket.slaDueAt.toISOString(),
        openedAt: now.toISOString(),
      },
    });
    await this.routing.autoAssign(tx, ticket, now);
    return ticket;
  }
}
