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
  readonly id: string;
  readonly number: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly priorityScore: number;
  readonly priorityReasons: readonly PriorityReasonV1[];
  readonly category: string;
  readonly type: TicketType;
  readonly channel: TicketChannel;
  readonly subject: string;
  readonly customerId: string;
  readonly orderId: string | null;
  readonly assigneeId: string | null;
  /** A customer opened it, or the desk did on an event (a failed payment, a late parcel…). */
  readonly origin: TicketOrigin;
  readonly slaDueAt: string;
  readonly sla: {
    readonly firstResponseDueAt: string;
    readonly resolutionDueAt: string;
    readonly firstResponseBreached: boolean;
    readonly resolutionBreached: boolean;
  };
  readonly firstResponseAt: string | null;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  readonly satisfaction: {
    readonly score: number;
    readonly comment: string | null;
    readonly at: string | null;
  } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One message of a ticket's conversation. */
export interface TicketMessageView {
  readonly id: string;
  readonly ticketId: string;
  readonly author: TicketAuthorV1;
  readonly authorId: string | null;
  readonly body: string;
  readonly attachments: readonly TicketAttachment[];
  readonly templateId: string | null;
  readonly createdAt: string;
}

/** `POST /tickets`. */
export interface CreateTicketRequest {
  readonly type: TicketType;
  readonly channel: TicketChannel;
  readonly subject: string;
  readonly message: string;
  readonly orderId?: string;
  readonly attachments?: readonly TicketAttachment[];
}

/** `POST /tickets/{id}/messages`: `body`, or `templateId` of a canned reply (staff). */
export interface AddTicketMessageRequest {
  readonly body?: string;
  readonly templateId?: string;
  readonly attachments?: readonly TicketAttachment[];
}

/** `POST /tickets/{id}/assign`. */
export interface AssignTicketRequest {
  readonly agentId: string;
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
