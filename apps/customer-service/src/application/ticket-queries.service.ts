import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, NotFoundError, isStaff, type Identity } from '@emporium/contracts';
import {
  ACTIVE_STATUSES,
  type Priority,
  type TicketChannel,
  type TicketStatus,
} from '../domain/ticket';
import { TicketAuditEntity } from '../persistence/ticket-audit.entity';
import { TicketMessageEntity } from '../persistence/ticket-message.entity';
import { TicketEntity } from '../persistence/ticket.entity';
import { ticketFromRow, type TicketRow } from '../persistence/ticket-row';

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
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (!staff) where.push(`customer_id = ${param(caller.userId)}`);
    else if (query.customerId) where.push(`customer_id = ${param(query.customerId)}`);
    if (query.status) where.push(`status = ${param(query.status)}`);
    // Spelled out (not a parameter) so the planner can use the partial queue index.
    else if (staff) where.push(`status IN (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    if (query.priority) where.push(`priority = ${param(query.priority)}`);
    if (query.assigneeId) where.push(`assignee_id = ${param(query.assigneeId)}`);
    if (query.channel) where.push(`channel = ${param(query.channel)}`);
    const after = decodeCursor(query.cursor);
    let order: string;
    if (staff) {
      if (after)
        where.push(
          `(priority, sla_due_at, id) > (${param(after.k)}, ${param(after.at)}, ${param(after.id)})`,
        );
      order = 'priority ASC, sla_due_at ASC, id ASC';
    } else {
      if (after) where.push(`(created_at, id) < (${param(after.at)}, ${param(after.id)})`);
      order = 'created_at DESC, id DESC';
    }
    const rows: TicketRow[] = await this.db.query(
      `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${query.limit + 1}`,
      params,
    );
    const items = rows.slice(0, query.limit).map(ticketFromRow);
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
