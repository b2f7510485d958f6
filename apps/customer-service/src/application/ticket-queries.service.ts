import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, NotFoundError, isStaff, type Identity } from '@emporium/contracts';
import type { Priority, TicketChannel, TicketStatus } from '../domain/ticket';
import { TicketAuditEntity } from '../persistence/ticket-audit.entity';
import { TicketMessageEntity } from '../persistence/ticket-message.entity';
import { TicketEntity } from '../persistence/ticket.entity';
import { listTickets } from '../persistence/ticket.queries';

/** What `GET /tickets` filters by. */
export interface TicketListQuery {
  readonly status?: TicketStatus;
  readonly priority?: Priority;
  readonly assigneeId?: string;
  readonly channel?: TicketChannel;
  readonly customerId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A ticket with its conversation, and for staff its audit trail. */
export interface TicketDetail {
  readonly ticket: TicketEntity;
  readonly messages: readonly TicketMessageEntity[];
  readonly audit?: readonly TicketAuditEntity[];
}

/** Reads of tickets: the customer's own, or the staff queue. */
@Injectable()
export class TicketQueries {
  constructor(private readonly db: DataSource) {}

  async find(id: string, caller: Identity): Promise<TicketDetail> {
    const ticket = await this.db.getRepository(TicketEntity).findOneBy({ id });
    const staff = isStaff(caller);
    if (!ticket || (!staff && ticket.customerId !== caller.userId))
      throw new NotFoundError('ticket-not-found', `No ticket ${id}`);
    const messages = await this.db
      .getRepository(TicketMessageEntity)
      .find({ where: { ticketId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const audit = staff
      ? await this.db
          .getRepository(TicketAuditEntity)
          .find({ where: { ticketId: id }, order: { id: 'ASC' } })
      : undefined;
    return { ticket, messages, audit };
  }

  /**
   * A customer's own tickets, newest first; for staff the queue: priority, then the nearest SLA
   * deadline. Without `status`, staff see the tickets that still need work.
   */
  async list(
    caller: Identity,
    query: TicketListQuery,
  ): Promise<{ items: TicketEntity[]; nextCursor: string | null }> {
    const staff = isStaff(caller);
    const after = decodeCursor(query.cursor);
    const rows = await listTickets(
      this.db,
      {
        customerId: staff ? query.customerId : caller.userId,
        status: query.status,
        needingWork: staff,
        priority: query.priority,
        assigneeId: query.assigneeId,
        channel: query.channel,
      },
      staff
        ? { by: 'queue', after: after && { priority: after.k, slaDueAt: after.at, id: after.id } }
        : { by: 'newest', after: after && { createdAt: after.at, id: after.id } },
      query.limit + 1,
    );
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor(
            staff
              ? { k: last.priority, at: last.slaDueAt.toISOString(), id: last.id }
              : { k: '', at: last.createdAt.toISOString(), id: last.id },
          )
        : null;
    return { items, nextCursor };
  }
}

interface Cursor {
  k: string;
  at: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.k, c.at, c.id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const [k, at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
      string,
      string,
      string,
    ];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    // Exactly what encodeCursor writes (a priority or '', toISOString of a real instant): a looser
    // time such as "1" parses in JavaScript but not in Postgres, a 500 instead of a 400.
    const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    if (
      typeof k === 'string' &&
      /^(P[1-4])?$/.test(k) &&
      typeof at === 'string' &&
      instant.test(at) &&
      !Number.isNaN(Date.parse(at)) &&
      uuid.test(id)
    )
      return { k, at, id };
  } catch {
    // fall through: a malformed cursor is bad input
  }
  throw new BadRequestError('cursor-invalid', 'The cursor is not valid');
}
