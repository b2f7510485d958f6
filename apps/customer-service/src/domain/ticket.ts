import { ConflictError } from '@emporium/contracts';
import type {
  TicketChannelV1,
  TicketPriorityV1,
  TicketStatusV1,
  TicketTypeV1,
} from '@emporium/contracts';

/** What a ticket is about. */
export type TicketType = TicketTypeV1;
/** Where the customer reached the retailer. */
export type TicketChannel = TicketChannelV1;
/** Lifecycle status (API.md). */
export type TicketStatus = TicketStatusV1;
/** P1 is the most urgent. */
export type Priority = TicketPriorityV1;

export const TICKET_TYPES: readonly TicketType[] = [
  'PRE_SALE',
  'ORDER_ISSUE',
  'AFTER_SALE',
  'COMPLAINT',
  'OTHER',
];
export const TICKET_CHANNELS: readonly TicketChannel[] = [
  'WEB',
  'CHAT',
  'PHONE',
  'EMAIL',
  'SOCIAL',
];
export const TICKET_STATUSES: readonly TicketStatus[] = [
  'OPEN',
  'ASSIGNED',
  'PENDING_CUSTOMER',
  'RESOLVED',
  'CLOSED',
];
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

/** Statuses in which a ticket still needs work (counted against an agent's cap). */
export const ACTIVE_STATUSES: readonly TicketStatus[] = ['OPEN', 'ASSIGNED', 'PENDING_CUSTOMER'];

/** The statuses an agent may set through `POST /tickets/{id}/status`. */
export type RequestedStatus = Extract<TicketStatus, 'PENDING_CUSTOMER' | 'RESOLVED' | 'CLOSED'>;

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
