import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BusinessRuleError,
  ForbiddenError,
  NotFoundError,
  isStaff,
  type Identity,
  type TicketAuthorV1,
} from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { renderTemplate } from '../domain/templates';
import {
  assertRatable,
  assignTransition,
  customerReplyTransition,
  staffReplyTransition,
  staffTransition,
  type RequestedStatus,
  type TicketStatus,
} from '../domain/ticket';
import { CannedReplyEntity } from '../persistence/canned-reply.entity';
import { CustomerProfileEntity, OrderViewEntity } from '../persistence/read-models.entity';
import { SupportAgentEntity } from '../persistence/support-agent.entity';
import { TicketMessageEntity, type Attachment } from '../persistence/ticket-message.entity';
import { TicketEntity } from '../persistence/ticket.entity';
import { Clock } from './clock';
import { SUPPORT_SETTINGS, type SupportSettings } from './settings';
import { actorOf, adjustLoad, audit, type Actor } from './ticket-journal';

/** A new message: its text, or a canned reply to render (staff only). */
export interface NewMessage {
  readonly body?: string;
  readonly templateId?: string;
  readonly attachments?: readonly Attachment[];
}

/** Changes to a ticket after it was opened: replies, assignment, status, rating. */
@Injectable()
export class TicketActionsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(SUPPORT_SETTINGS) private readonly settings: SupportSettings,
  ) {}

  /** Adds a message; the author's role decides the status that follows (API.md lifecycle). */
  reply(
    ticketId: string,
    caller: Identity,
    message: NewMessage,
  ): Promise<{ message: TicketMessageEntity; ticket: TicketEntity }> {
    return transaction(this.db, async (tx) => {
      const ticket = await this.lockVisible(tx, ticketId, caller);
      const now = this.clock.now();
      const asCustomer = ticket.customerId === caller.userId && !isStaff(caller);
      const author: TicketAuthorV1 = asCustomer ? 'CUSTOMER' : 'AGENT';
      let body = message.body;
      if (message.templateId) {
        if (asCustomer)
          throw new ForbiddenError('templates-staff-only', 'Only staff reply with canned replies');
        body = await this.render(tx, message.templateId, ticket, caller);
      }
      if (!body)
        throw new BusinessRuleError('message-empty', 'A message needs a body or a templateId');
      const from = ticket.status;
      const before = { assigneeId: ticket.assigneeId, status: ticket.status };
      if (asCustomer) {
        ticket.status = customerReplyTransition(ticket, now, this.settings.reopenWindowMs);
        if (from === 'RESOLVED') ticket.resolvedAt = null;
      } else {
        ticket.status = staffReplyTransition(ticket.status);
        if (from === 'OPEN') ticket.assigneeId ??= caller.userId;
        if (!ticket.firstResponseAt) {
          ticket.firstResponseAt = now;
          ticket.slaDueAt = ticket.resolutionDueAt;
        }
      }
      ticket.updatedAt = now;
      await tx.save(ticket);
      await adjustLoad(tx, before, ticket);
      const saved = await tx.save(
        tx.create(TicketMessageEntity, {
          ticketId,
          author,
          authorId: caller.userId,
          body,
          attachments: [...(message.attachments ?? [])],
          templateId: message.templateId ?? null,
          occurrenceKey: null,
          createdAt: now,
        }),
      );
      const actor = actorOf(caller);
      await audit(
        tx,
        ticketId,
        actor,
        'replied',
        {
          messageId: saved.id,
          author,
          ...(message.templateId ? { templateId: message.templateId } : {}),
        },
        now,
      );
      await writeOutbox(tx, {
        type: 'ticket.replied',
        subject: ticketId,
        data: {
          ticketId,
          customerId: ticket.customerId,
          messageId: saved.id,
          author,
          authorId: caller.userId,
          ...(message.templateId ? { templateId: message.templateId } : {}),
          attachmentCount: saved.attachments.length,
          at: now.toISOString(),
        },
      });
      if (ticket.assigneeId !== before.assigneeId && ticket.assigneeId) {
        await this.announceAssignment(tx, ticket, before.assigneeId, 'REPLY', actor, now);
      }
      await this.announceStatus(tx, ticket, from, actor, now);
      return { message: saved, ticket };
    });
  }

  /** Staff give a ticket to an agent of the desk (the cap does not bind a manual choice). */
  assign(ticketId: string, caller: Identity, agentId: string): Promise<TicketEntity> {
    return transaction(this.db, async (tx) => {
      const ticket = await this.lockVisible(tx, ticketId, caller);
      const agent = await tx.findOneBy(SupportAgentEntity, { id: agentId });
      if (!agent?.active)
        throw new BusinessRuleError('agent-unavailable', `No active agent ${agentId}`);
      const from = ticket.status;
      ticket.status = assignTransition(ticket.status);
      if (ticket.assigneeId === agentId && from === ticket.status) return ticket;
      const previous = ticket.assigneeId;
      const now = this.clock.now();
      ticket.assigneeId = agentId;
      ticket.updatedAt = now;
      await tx.save(ticket);
      await adjustLoad(tx, { assigneeId: previous, status: from }, ticket);
      await tx.update(SupportAgentEntity, { id: agentId }, { lastAssignedAt: now });
      const actor = actorOf(caller);
      await this.announceAssignment(tx, ticket, previous, 'MANUAL', actor, now);
      await this.announceStatus(tx, ticket, from, actor, now);
      return ticket;
    });
  }

  /**
   * Moves a ticket on. Staff may set PENDING_CUSTOMER, RESOLVED and CLOSED where the lifecycle
   * allows; the owner may only close their resolved ticket.
   */
  setStatus(ticketId: string, caller: Identity, to: RequestedStatus): Promise<TicketEntity> {
    return transaction(this.db, async (tx) => {
      const ticket = await this.lockVisible(tx, ticketId, caller);
      if (!isStaff(caller) && to !== 'CLOSED')
        throw new ForbiddenError('forbidden', 'Customers may only close a resolved ticket');
      const from = ticket.status;
      ticket.status = staffTransition(from, to);
      const now = this.clock.now();
      if (to === 'RESOLVED') ticket.resolvedAt = now;
      if (to === 'CLOSED') ticket.closedAt = now;
      ticket.updatedAt = now;
      await tx.save(ticket);
      await adjustLoad(tx, { assigneeId: ticket.assigneeId, status: from }, ticket);
      await this.announceStatus(tx, ticket, from, actorOf(caller), now);
      return ticket;
    });
  }

  /** The owner rates a resolved or closed ticket, once. */
  rate(ticketId: string, caller: Identity, score: number, comment?: string): Promise<TicketEntity> {
    return transaction(this.db, async (tx) => {
      const ticket = await this.lockVisible(tx, ticketId, caller);
      if (ticket.customerId !== caller.userId)
        throw new ForbiddenError('forbidden', 'Only the customer rates a ticket');
      assertRatable(ticket.status, ticket.ratingScore !== null);
      const now = this.clock.now();
      Object.assign(ticket, {
        ratingScore: score,
        ratingComment: comment ?? null,
        ratedAt: now,
        updatedAt: now,
      });
      await tx.save(ticket);
      await audit(
        tx,
        ticketId,
        actorOf(caller),
        'rated',
        { score, ...(comment ? { comment } : {}) },
        now,
      );
      await writeOutbox(tx, {
        type: 'ticket.rated',
        subject: ticketId,
        data: {
          ticketId,
          customerId: ticket.customerId,
          ...(ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {}),
          score,
          ...(comment ? { comment } : {}),
          at: now.toISOString(),
        },
      });
      return ticket;
    });
  }

  /** The ticket, locked, if the caller may see it: staff all, a customer their own (else 404). */
  private async lockVisible(
    tx: EntityManager,
    id: string,
    caller: Identity,
  ): Promise<TicketEntity> {
    const ticket = await tx.findOne(TicketEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!ticket || (ticket.customerId !== caller.userId && !isStaff(caller)))
      throw new NotFoundError('ticket-not-found', `No ticket ${id}`);
    return ticket;
  }

  private async render(
    tx: EntityManager,
    templateId: string,
    ticket: TicketEntity,
    caller: Identity,
  ): Promise<string> {
    const template = await tx.findOneBy(CannedReplyEntity, { id: templateId });
    if (!template)
      throw new BusinessRuleError('template-not-found', `No canned reply ${templateId}`);
    const [profile, order, agent] = await Promise.all([
      tx.findOneBy(CustomerProfileEntity, { id: ticket.customerId }),
      ticket.orderId ? tx.findOneBy(OrderViewEntity, { id: ticket.orderId }) : null,
      tx.findOneBy(SupportAgentEntity, { id: caller.userId }),
    ]);
    return renderTemplate(template.body, {
      customerName: profile?.name ?? undefined,
      orderNumber: order?.number ?? undefined,
      orderStatus: order?.status,
      ticketNumber: ticket.number,
      ticketSubject: ticket.subject,
      agentName: agent?.name,
    });
  }

  private async announceAssignment(
    tx: EntityManager,
    ticket: TicketEntity,
    previous: string | null,
    by: 'MANUAL' | 'REPLY',
    actor: Actor,
    now: Date,
  ): Promise<void> {
    await audit(
      tx,
      ticket.id,
      actor,
      'assigned',
      { assigneeId: { from: previous, to: ticket.assigneeId }, by },
      now,
    );
    await writeOutbox(tx, {
      type: 'ticket.assigned',
      subject: ticket.id,
      data: {
        ticketId: ticket.id,
        customerId: ticket.customerId,
        assigneeId: ticket.assigneeId!,
        ...(previous ? { previousAssigneeId: previous } : {}),
        by,
        at: now.toISOString(),
      },
    });
  }

  private async announceStatus(
    tx: EntityManager,
    ticket: TicketEntity,
    from: TicketStatus,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    if (ticket.status === from) return;
    await audit(
      tx,
      ticket.id,
      actor,
      'status-changed',
      { status: { from, to: ticket.status } },
      now,
    );
    await writeOutbox(tx, {
      type: 'ticket.status-changed',
      subject: ticket.id,
      data: {
        ticketId: ticket.id,
        customerId: ticket.customerId,
        from,
        to: ticket.status,
        ...(ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {}),
        at: now.toISOString(),
      },
    });
  }
}
