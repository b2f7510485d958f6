import type { TicketEntity } from './ticket.entity';

/** A `tickets` row as `SELECT *` returns it. */
export interface TicketRow {
  id: string;
  number: string;
  customer_id: string;
  type: TicketEntity['type'];
  channel: TicketEntity['channel'];
  subject: string;
  category: string;
  status: TicketEntity['status'];
  priority: TicketEntity['priority'];
  priority_score: number;
  priority_reasons: TicketEntity['priorityReasons'];
  order_id: string | null;
  assignee_id: string | null;
  origin: TicketEntity['origin'];
  system_key: string | null;
  first_response_due_at: Date;
  resolution_due_at: Date;
  sla_due_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  first_response_breached_at: Date | null;
  resolution_breached_at: Date | null;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Maps a raw row to the entity shape; hot reads skip the ORM's hydration. */
export function ticketFromRow(r: TicketRow): TicketEntity {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    type: r.type,
    channel: r.channel,
    subject: r.subject,
    category: r.category,
    status: r.status,
    priority: r.priority,
    priorityScore: r.priority_score,
    priorityReasons: r.priority_reasons,
    orderId: r.order_id,
    assigneeId: r.assignee_id,
    origin: r.origin,
    systemKey: r.system_key,
    firstResponseDueAt: r.first_response_due_at,
    resolutionDueAt: r.resolution_due_at,
    slaDueAt: r.sla_due_at,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    firstResponseBreachedAt: r.first_response_breached_at,
    resolutionBreachedAt: r.resolution_breached_at,
    ratingScore: r.rating_score,
    ratingComment: r.rating_comment,
    ratedAt: r.rated_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
