import type { EntityManager } from 'typeorm';
import { execute, lockKey, queryRow, queryRows, type Db } from '@emporium/platform-persistence';
import {
  ACTIVE_STATUSES,
  type Priority,
  type TicketChannel,
  type TicketStatus,
} from '../domain/ticket';
import type { TicketAuditEntity } from './ticket-audit.entity';
import { ticketFromRow, type TicketRow } from './ticket-row';
import type { TicketEntity } from './ticket.entity';

/** Which tickets a listing holds. */
export interface TicketFilter {
  readonly customerId?: string;
  readonly status?: TicketStatus;
  /** Without a status, only the tickets that still need work. */
  readonly needingWork?: boolean;
  readonly priority?: Priority;
  readonly assigneeId?: string;
  readonly channel?: TicketChannel;
}

/** A listing's order, and the ticket its page follows. */
export type TicketOrder =
  | {
      /** The staff queue: priority, then the nearest SLA deadline. */
      readonly by: 'queue';
      readonly after?: {
        readonly priority: string;
        readonly slaDueAt: string;
        readonly id: string;
      };
    }
  | {
      readonly by: 'newest';
      readonly after?: { readonly createdAt: string; readonly id: string };
    };

/** A SYSTEM message to add to a ticket, once per occurrence of its cause. */
export interface SystemMessage {
  readonly ticketId: string;
  readonly body: string;
  readonly occurrenceKey: string;
  readonly at: Date;
}

/** One line of a ticket's audit trail. */
export type AuditLine = Omit<TicketAuditEntity, 'id'>;

/** What desk metrics need of a ticket: who and how, its times in minutes, breached, rating. */
export interface TicketTiming {
  readonly channel: string;
  readonly priority: string;
  readonly assigneeId: string | null;
  readonly status: string;
  readonly firstResponseMinutes: number | null;
  readonly resolutionMinutes: number | null;
  readonly breached: boolean;
  readonly ratingScore: number | null;
}

/** Inserts a new ticket in one statement that also answers the number the database gives it. */
export async function insertTicket(
  tx: EntityManager,
  ticket: TicketEntity,
): Promise<{ id: string; number: string }> {
  const [row] = await queryRows<{ id: string; number: string }>(
    tx,
    `INSERT INTO tickets (customer_id, type, channel, subject, category, status, priority, priority_score, priority_reasons,
                          order_id, origin, system_key, first_response_due_at, resolution_due_at, sla_due_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'OPEN', $6, $7, $8, $9, $10, $11, $12, $13, $12, $14, $14)
     RETURNING id, number`,
    [
      ticket.customerId,
      ticket.type,
      ticket.channel,
      ticket.subject,
      ticket.category,
      ticket.priority,
      ticket.priorityScore,
      JSON.stringify(ticket.priorityReasons),
      ticket.orderId,
      ticket.origin,
      ticket.systemKey,
      ticket.firstResponseDueAt,
      ticket.resolutionDueAt,
      ticket.createdAt,
    ],
  );
  return row;
}

/** Up to `take` tickets of `filter` in `order`, read without the ORM's hydration (a hot read). */
export async function listTickets(
  db: Db,
  filter: TicketFilter,
  order: TicketOrder,
  take: number,
): Promise<TicketEntity[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filter.customerId) where.push(`customer_id = ${param(filter.customerId)}`);
  if (filter.status) where.push(`status = ${param(filter.status)}`);
  // Spelled out (not a parameter) so the planner can use the partial queue index.
  else if (filter.needingWork)
    where.push(`status IN (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`);
  if (filter.priority) where.push(`priority = ${param(filter.priority)}`);
  if (filter.assigneeId) where.push(`assignee_id = ${param(filter.assigneeId)}`);
  if (filter.channel) where.push(`channel = ${param(filter.channel)}`);
  let orderBy: string;
  if (order.by === 'queue') {
    const after = order.after;
    if (after)
      where.push(
        `(priority, sla_due_at, id) > (${param(after.priority)}, ${param(after.slaDueAt)}, ${param(after.id)})`,
      );
    orderBy = 'priority ASC, sla_due_at ASC, id ASC';
  } else {
    const after = order.after;
    if (after) where.push(`(created_at, id) < (${param(after.createdAt)}, ${param(after.id)})`);
    orderBy = 'created_at DESC, id DESC';
  }
  const rows = await queryRows<TicketRow>(
    db,
    `SELECT * FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderBy} LIMIT ${take}`,
    params,
  );
  return rows.map(ticketFromRow);
}

async function lockTicketIds(
  tx: EntityManager,
  where: string,
  params: unknown[],
  order: string,
  limit: number,
): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    `SELECT id FROM tickets WHERE ${where} ORDER BY ${order} LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    params,
  );
  return rows.map((r) => r.id);
}

/**
 * Locks up to `limit` tickets still needing work whose next SLA deadline has passed at `now`,
 * the earliest first; tickets another transaction holds are skipped.
 */
export function lockTicketsPastDeadline(
  tx: EntityManager,
  now: Date,
  limit: number,
): Promise<string[]> {
  return lockTicketIds(
    tx,
    `status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER') AND sla_due_at <= $1 AND resolution_breached_at IS NULL`,
    [now],
    'sla_due_at',
    limit,
  );
}

/** Locks up to `limit` OPEN tickets nobody holds, most urgent first, skipping locked ones. */
export function lockUnassignedTickets(tx: EntityManager, limit: number): Promise<string[]> {
  return lockTicketIds(
    tx,
    `status = 'OPEN' AND assignee_id IS NULL`,
    [],
    'priority, sla_due_at',
    limit,
  );
}

/** Locks up to `limit` tickets resolved by `before`, oldest first, skipping locked ones. */
export function lockTicketsResolvedBefore(
  tx: EntityManager,
  before: Date,
  limit: number,
): Promise<string[]> {
  return lockTicketIds(
    tx,
    `status = 'RESOLVED' AND resolved_at <= $1`,
    [before],
    'resolved_at',
    limit,
  );
}

export async function insertAuditLine(tx: EntityManager, line: AuditLine): Promise<void> {
  await execute(
    tx,
    'INSERT INTO ticket_audit (ticket_id, actor_id, actor_role, action, changes, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      line.ticketId,
      line.actorId,
      line.actorRole,
      line.action,
      JSON.stringify(line.changes),
      line.at,
    ],
  );
}

/** Serialises the transactions reporting one system cause until they end. */
export async function lockSystemCause(tx: EntityManager, key: string): Promise<void> {
  await lockKey(tx, key);
}

/** Adds a SYSTEM message; answers its id, or undefined when this occurrence is already there. */
export async function insertSystemMessage(
  tx: EntityManager,
  m: SystemMessage,
): Promise<string | undefined> {
  const inserted = await queryRow<{ id: string }>(
    tx,
    `INSERT INTO ticket_messages (ticket_id, author, body, attachments, occurrence_key, created_at)
     VALUES ($1, 'SYSTEM', $2, '[]', $3, $4) ON CONFLICT (ticket_id, occurrence_key) DO NOTHING RETURNING id`,
    [m.ticketId, m.body, m.occurrenceKey, m.at],
  );
  return inserted?.id;
}

/**
 * The tickets opened in [from, to): times are wall-clock minutes from opening; a ticket is
 * breached when either SLA deadline was missed by `now`, whether flagged yet or not.
 */
export async function ticketTimings(
  db: Db,
  from: Date,
  to: Date,
  now: Date,
): Promise<TicketTiming[]> {
  const rows = await queryRows<{
    channel: string;
    priority: string;
    assignee_id: string | null;
    status: string;
    // numeric: the driver answers a string
    first_response_min: string | null;
    resolution_min: string | null;
    breached: boolean;
    rating_score: number | null;
  }>(
    db,
    `SELECT channel, priority, assignee_id, status,
            extract(epoch FROM first_response_at - created_at) / 60 AS first_response_min,
            extract(epoch FROM resolved_at - created_at) / 60 AS resolution_min,
            (first_response_breached_at IS NOT NULL OR resolution_breached_at IS NOT NULL
              OR coalesce(first_response_at, $3) > first_response_due_at
              OR (status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER') AND $3 > resolution_due_at)
              OR resolved_at > resolution_due_at) AS breached,
            rating_score
       FROM tickets WHERE created_at >= $1 AND created_at < $2`,
    [from, to, now],
  );
  return rows.map((r) => ({
    channel: r.channel,
    priority: r.priority,
    assigneeId: r.assignee_id,
    status: r.status,
    firstResponseMinutes: r.first_response_min === null ? null : Number(r.first_response_min),
    resolutionMinutes: r.resolution_min === null ? null : Number(r.resolution_min),
    breached: r.breached,
    ratingScore: r.rating_score,
  }));
}
