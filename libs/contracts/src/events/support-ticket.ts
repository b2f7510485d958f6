import type {
  TicketChannel,
  TicketOrigin,
  TicketPriority,
  TicketStatus,
  TicketType,
} from '../api-values';

/** What a ticket is about (API.md). */
export type TicketTypeV1 = TicketType;

/** Where the customer reached the retailer. */
export type TicketChannelV1 = TicketChannel;

/** Ticket statuses of API.md's lifecycle. */
export type TicketStatusV1 = TicketStatus;

/** P1 is the most urgent. */
export type TicketPriorityV1 = TicketPriority;

/** Who can write a ticket message. */
export const TICKET_AUTHORS = ['CUSTOMER', 'AGENT', 'SYSTEM'] as const;
/** Who wrote a ticket message. */
export type TicketAuthorV1 = (typeof TICKET_AUTHORS)[number];

/** One rule of the priority score that fired, with the points it gave. */
export interface PriorityReasonV1 {
  readonly rule: string;
  readonly points: number;
  readonly detail: string;
}

/** `ticket.opened` v1: a customer (or the system, on their behalf) opened a ticket. */
export interface TicketOpenedV1 {
  readonly ticketId: string;
  readonly customerId: string;
  readonly type: TicketTypeV1;
  readonly channel: TicketChannelV1;
  readonly category: string;
  readonly subject: string;
  readonly priority: TicketPriorityV1;
  readonly priorityReasons: readonly PriorityReasonV1[];
  readonly orderId?: string;
  /** `SYSTEM` for tickets opened from events (failed delivery, late capture, rejected return). */
  readonly origin: TicketOrigin;
  readonly systemCause?: string;
  readonly assigneeId?: string;
  readonly slaDueAt: string;
  readonly openedAt: string;
}

/** `ticket.replied` v1: a message was added (its text stays in the service). */
export interface TicketRepliedV1 {
  readonly ticketId: string;
  readonly customerId: string;
  readonly messageId: string;
  readonly author: TicketAuthorV1;
  readonly authorId?: string;
  readonly templateId?: string;
  readonly attachmentCount: number;
  readonly at: string;
}

/** `ticket.status-changed` v1. */
export interface TicketStatusChangedV1 {
  readonly ticketId: string;
  readonly customerId: string;
  readonly from: TicketStatusV1;
  readonly to: TicketStatusV1;
  readonly assigneeId?: string;
  readonly at: string;
}

/** `ticket.assigned` v1: routing or an agent gave the ticket to an agent. */
export interface TicketAssignedV1 {
  readonly ticketId: string;
  readonly customerId: string;
  readonly assigneeId: string;
  readonly previousAssigneeId?: string;
  readonly by: 'ROUTING' | 'MANUAL' | 'REPLY';
  readonly at: string;
}

/** `ticket.priority-changed` v1 (an SLA breach escalates one step). */
export interface TicketPriorityChangedV1 {
  readonly ticketId: string;
  readonly customerId: string;
  readonly from: TicketPriorityV1;
  readonly to: TicketPriorityV1;
  readonly reason: string;
  readonly at: string;
}

/** `ticket.sla-breached` v1: a first-response or resolution target passed unmet. */
export interface TicketSlaBreachedV1 {
  readonly ticketId: string;
  readonly customerId: string;
  readonly kind: 'FIRST_RESPONSE' | 'RESOLUTION';
  readonly dueAt: string;
  readonly detectedAt: string;
  readonly priority: TicketPriorityV1;
  readonly escalatedTo: TicketPriorityV1;
  readonly assigneeId?: string;
}

/** `ticket.rated` v1: the customer's satisfaction score, once per ticket. */
export interface TicketRatedV1 {
  readonly ticketId: string;
  readonly customerId: string;
  readonly assigneeId?: string;
  readonly score: number;
  readonly comment?: string;
  readonly at: string;
}
