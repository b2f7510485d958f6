import type { TicketMessageView, TicketView } from '@emporium/contracts';
import type { TicketAuditEntity } from '../persistence/ticket-audit.entity';
import type { TicketMessageEntity } from '../persistence/ticket-message.entity';
import type { TicketEntity } from '../persistence/ticket.entity';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A ticket as the API shows it (API.md fields plus the SLA and priority details). */
export function toTicket(t: TicketEntity): TicketView {
  return {
    id: t.id,
    number: t.number,
    status: t.status,
    priority: t.priority,
    priorityScore: t.priorityScore,
    priorityReasons: t.priorityReasons,
    category: t.category,
    type: t.type,
    channel: t.channel,
    subject: t.subject,
    customerId: t.customerId,
    orderId: t.orderId,
    assigneeId: t.assigneeId,
    origin: t.origin,
    slaDueAt: t.slaDueAt.toISOString(),
    sla: {
      firstResponseDueAt: t.firstResponseDueAt.toISOString(),
      resolutionDueAt: t.resolutionDueAt.toISOString(),
      firstResponseBreached:
        t.firstResponseBreachedAt !== null ||
        (t.firstResponseAt !== null && t.firstResponseAt > t.firstResponseDueAt),
      resolutionBreached:
        t.resolutionBreachedAt !== null ||
        (t.resolvedAt !== null && t.resolvedAt > t.resolutionDueAt),
    },
    firstResponseAt: iso(t.firstResponseAt),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    satisfaction:
      t.ratingScore === null
        ? null
        : { score: t.ratingScore, comment: t.ratingComment, at: iso(t.ratedAt) },
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** One message of the conversation. */
export function toMessage(m: TicketMessageEntity): TicketMessageView {
  return {
    id: m.id,
    ticketId: m.ticketId,
    author: m.author,
    authorId: m.authorId,
    body: m.body,
    attachments: m.attachments,
    templateId: m.templateId,
    createdAt: m.createdAt.toISOString(),
  };
}

/** One line of the audit trail. */
export function toAudit(a: TicketAuditEntity) {
  return {
    at: a.at.toISOString(),
    actorId: a.actorId,
    actorRole: a.actorRole,
    action: a.action,
    changes: a.changes,
  };
}
