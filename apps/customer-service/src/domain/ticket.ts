import {
  ConflictError,
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  type RequestableTicketStatus,
  type TicketChannel,
  type TicketPriority,
  type TicketStatus,
  type TicketType,
} from '@emporium/contracts';

export { TICKET_CHANNELS, TICKET_STATUSES, TICKET_TYPES };
export type { TicketChannel, TicketStatus, TicketType };
/** P1 is the most urgent. */
export type Priority = TicketPriority;
export const PRIORITIES = TICKET_PRIORITIES;

/** Statuses in which a ticket still needs work (counted against an agent's cap). */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['OPEN', 'ASSIGNED', 'PENDING_CUSTOMER'];

/** The statuses an agent may set through `POST /tickets/{id}/status`. */
export type RequestedStatus = RequestableTicketStatus;

/**
 * Transitions staff make explicitly. PENDING_CUSTOMER → RESOLVED is allowed so a ticket whose
 * customer never answers can still be resolved; RESOLVED → CLOSED is the only way to close.
 */
const STAFF_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  OPEN: [],
  ASSIGNED: ['PENDING_CUSTOMER', 'RESOLVED'],
  PENDING_CUSTOMER: ['RESOLVED'],
  RESOLVED: ['CLOSED'],
  CLOSED: [],
};

/** The status after staff ask for `to`; an impossible move is a 409. */
export function staffTransition(from: TicketStatus, to: RequestedStatus): TicketStatus {
  if (!STAFF_TRANSITIONS[from].includes(to)) {
    throw new ConflictError('ticket-transition-invalid', `A ${from} ticket cannot become ${to}`);
  }
  return to;
}

/** The status after (re)assignment: an OPEN ticket becomes ASSIGNED, a finished one refuses. */
export function assignTransition(from: TicketStatus): TicketStatus {
  if (from === 'RESOLVED' || from === 'CLOSED') {
    throw new ConflictError('ticket-transition-invalid', `A ${from} ticket cannot be assigned`);
  }
  return from === 'OPEN' ? 'ASSIGNED' : from;
}

/** What a customer reply does to a ticket. */
export interface ReplyContext {
  readonly status: TicketStatus;
  readonly assigneeId: string | null;
  readonly resolvedAt: Date | null;
}

/**
 * The status after the customer writes: PENDING_CUSTOMER goes back to ASSIGNED, a RESOLVED ticket
 * reopens within `reopenWindowMs` of its resolution (ASSIGNED, or OPEN when nobody has it).
 */
export function customerReplyTransition(
  t: ReplyContext,
  now: Date,
  reopenWindowMs: number,
): TicketStatus {
  switch (t.status) {
    case 'OPEN':
    case 'ASSIGNED':
      return t.status;
    case 'PENDING_CUSTOMER':
      return 'ASSIGNED';
    case 'RESOLVED':
      if (t.resolvedAt && now.getTime() - t.resolvedAt.getTime() <= reopenWindowMs) {
        return t.assigneeId ? 'ASSIGNED' : 'OPEN';
      }
      throw new ConflictError(
        'ticket-reopen-window-passed',
        'This ticket was resolved too long ago; open a new one',
      );
    case 'CLOSED':
      throw new ConflictError('ticket-closed', 'This ticket is closed; open a new one');
  }
}

/** The status after staff write: an OPEN ticket is taken by the writer, a finished one refuses. */
export function staffReplyTransition(from: TicketStatus): TicketStatus {
  if (from === 'RESOLVED' || from === 'CLOSED') {
    throw new ConflictError('ticket-transition-invalid', `A ${from} ticket takes no agent reply`);
  }
  return from === 'OPEN' ? 'ASSIGNED' : from;
}

/** Satisfaction is asked once, after the ticket is resolved. */
export function assertRatable(status: TicketStatus, alreadyRated: boolean): void {
  if (status !== 'RESOLVED' && status !== 'CLOSED') {
    throw new ConflictError('ticket-not-resolved', `A ${status} ticket cannot be rated yet`);
  }
  if (alreadyRated)
    throw new ConflictError('ticket-already-rated', 'This ticket was already rated');
}

/** One step more urgent; P1 stays P1. */
export function escalate(priority: Priority): Priority {
  const i = PRIORITIES.indexOf(priority);
  return PRIORITIES[Math.max(0, i - 1)];
}
