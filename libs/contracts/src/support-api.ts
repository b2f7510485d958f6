import type { IsoDateTime, Uuid } from './api-formats';
import type { PriorityReasonV1, TicketAuthorV1 } from './events/support-ticket';
import type {
  RequestableTicketStatus,
  TicketChannel,
  TicketOrigin,
  TicketPriority,
  TicketStatus,
  TicketType,
} from './api-values';

/** A file linked to a ticket message, by http(s) URL. */
export interface TicketAttachment {
  readonly url: string;
  readonly name?: string;
}

/** A ticket as the API shows it (API.md fields plus the SLA and priority details). */
export interface TicketView {
  readonly id: Uuid;
  readonly number: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly priorityScore: number;
  readonly priorityReasons: readonly PriorityReasonV1[];
  readonly category: string;
  readonly type: TicketType;
  readonly channel: TicketChannel;
  readonly subject: string;
  readonly customerId: Uuid;
  readonly orderId: Uuid | null;
  readonly assigneeId: Uuid | null;
  /** A customer opened it, or the desk did on an event (a failed payment, a late parcel…). */
  readonly origin: TicketOrigin;
  readonly slaDueAt: IsoDateTime;
  readonly sla: {
    readonly firstResponseDueAt: IsoDateTime;
    readonly resolutionDueAt: IsoDateTime;
    readonly firstResponseBreached: boolean;
    readonly resolutionBreached: boolean;
  };
  readonly firstResponseAt: IsoDateTime | null;
  readonly resolvedAt: IsoDateTime | null;
  readonly closedAt: IsoDateTime | null;
  readonly satisfaction: {
    readonly score: number;
    readonly comment: string | null;
    readonly at: IsoDateTime | null;
  } | null;
  readonly createdAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
}

/** One message of a ticket's conversation. */
export interface TicketMessageView {
  readonly id: Uuid;
  readonly ticketId: Uuid;
  readonly author: TicketAuthorV1;
  readonly authorId: Uuid | null;
  readonly body: string;
  readonly attachments: readonly TicketAttachment[];
  readonly templateId: Uuid | null;
  readonly createdAt: IsoDateTime;
}

/** `POST /tickets`. */
export interface CreateTicketRequest {
  readonly type: TicketType;
  readonly channel: TicketChannel;
  readonly subject: string;
  readonly message: string;
  readonly orderId?: Uuid;
  readonly attachments?: readonly TicketAttachment[];
}

/** `POST /tickets/{id}/messages`: `body`, or `templateId` of a canned reply (staff). */
export interface AddTicketMessageRequest {
  readonly body?: string;
  readonly templateId?: Uuid;
  readonly attachments?: readonly TicketAttachment[];
}

/** `POST /tickets/{id}/assign`. */
export interface AssignTicketRequest {
  readonly agentId: Uuid;
}

/** `POST /tickets/{id}/status`. */
export interface SetTicketStatusRequest {
  readonly status: RequestableTicketStatus;
}

/** `POST /tickets/{id}/satisfaction`. */
export interface TicketSatisfactionRequest {
  readonly score: number;
  readonly comment?: string;
}

/** One line of a ticket's audit trail (staff only). */
export interface TicketAuditView {
  readonly at: IsoDateTime;
  readonly actorId: Uuid | null;
  readonly actorRole: string;
  readonly action: string;
  readonly changes: Readonly<Record<string, unknown>>;
}

/** `GET /tickets/{id}`: the ticket with its conversation, and its audit trail for staff. */
export interface TicketDetailView extends TicketView {
  readonly messages: readonly TicketMessageView[];
  readonly audit?: readonly TicketAuditView[];
}

/** `POST /tickets/{id}/messages`' answer: the message, and where the ticket stands after it. */
export interface TicketReplyView extends TicketMessageView {
  readonly ticket: {
    readonly id: Uuid;
    readonly status: TicketStatus;
    readonly assigneeId: Uuid | null;
    readonly slaDueAt: IsoDateTime;
  };
}

/** `POST /tickets/{id}/satisfaction`'s answer. */
export interface TicketRatingView {
  readonly ticketId: Uuid;
  readonly score: number | null;
  readonly comment: string | null;
  readonly ratedAt?: IsoDateTime;
}

/** A support agent with the tickets open on them (`/support/agents`). */
export interface SupportAgentView {
  readonly id: Uuid;
  readonly name: string;
  readonly skills: {
    readonly types: readonly TicketType[];
    readonly channels: readonly TicketChannel[];
  };
  readonly maxOpen: number;
  readonly active: boolean;
  readonly openCount: number;
  readonly lastAssignedAt: IsoDateTime | null;
}

/** A canned reply (`/support/canned-replies`). */
export interface CannedReplyView {
  readonly id: Uuid;
  readonly name: string;
  /** May use `{{orderNumber}}`, `{{customerName}}` and the other fields of docs/customer-service.md. */
  readonly body: string;
  readonly createdBy: string;
  readonly createdAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
}

/** Median and 90th percentile of a duration, in minutes. */
export interface MinutesSummary {
  readonly median: number | null;
  readonly p90: number | null;
}

/** `GET /support/metrics`: the desk's performance over a period. */
export interface SupportMetricsView {
  readonly from: string;
  readonly to: string;
  readonly tickets: number;
  readonly resolved: number;
  readonly firstResponseMinutes: MinutesSummary;
  readonly resolutionMinutes: MinutesSummary;
  readonly slaBreachRate: number;
  readonly csatAverage: number | null;
  readonly ratings: number;
  readonly byChannel: readonly {
    readonly channel: string;
    readonly tickets: number;
    readonly firstResponseMinutesMedian: number | null;
    readonly resolutionMinutesMedian: number | null;
    readonly slaBreachRate: number;
    readonly csatAverage: number | null;
  }[];
  readonly byPriority: readonly {
    readonly priority: string;
    readonly tickets: number;
    readonly slaBreachRate: number;
  }[];
  readonly byAgent: readonly {
    readonly agentId: Uuid | null;
    readonly handled: number;
    readonly resolved: number;
    readonly firstResponseMinutesMedian: number | null;
    readonly resolutionMinutesMedian: number | null;
    readonly csatAverage: number | null;
  }[];
}

/** `GET /customers/{id}/overview`: what an agent sees of a customer beside a ticket. */
export type CustomerOverviewView = Readonly<Record<string, unknown>>;
