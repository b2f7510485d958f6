import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  PRIORITIES,
  TICKET_CHANNELS,
  TICKET_STATUSES,
  TICKET_TYPES,
  type Priority,
  type RequestedStatus,
  type TicketChannel,
  type TicketStatus,
  type TicketType,
} from '../../domain/ticket';
import {
  REQUESTABLE_TICKET_STATUSES,
  type AddTicketMessageRequest,
  type AssignTicketRequest,
  type CreateTicketRequest,
  type SetTicketStatusRequest,
  type TicketAttachment,
  type TicketSatisfactionRequest,
} from '@emporium/contracts';

/** A file linked by URL; only http(s). */
export class AttachmentDto implements TicketAttachment {
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  @Length(1, 2000)
  url!: string;

  @IsOptional() @IsString() @Length(1, 200) name?: string;
}

/** At most this many attachments on one message. */
export const MAX_ATTACHMENTS = 5;

/** `POST /tickets`. */
export class CreateTicketDto implements CreateTicketRequest {
  @IsIn(TICKET_TYPES) type!: TicketType;
  @IsIn(TICKET_CHANNELS) channel!: TicketChannel;
  @IsString() @Length(1, 200) subject!: string;
  @IsString() @Length(1, 5000) message!: string;
  @IsOptional() @IsUUID() orderId?: string;

  @IsOptional()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

/** `GET /tickets`. */
export class ListTicketsQueryDto {
  @IsOptional() @IsIn(TICKET_STATUSES) status?: TicketStatus;
  @IsOptional() @IsIn(PRIORITIES) priority?: Priority;
  @IsOptional() @IsUUID() assigneeId?: string;
  @IsOptional() @IsIn(TICKET_CHANNELS) channel?: TicketChannel;
  @IsOptional() @IsUUID() customerId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @IsOptional() @IsString() @Length(1, 300) cursor?: string;
}

/** `POST /tickets/{id}/messages`: `body`, or `templateId` of a canned reply (staff). */
export class AddMessageDto implements AddTicketMessageRequest {
  @ValidateIf((o: AddMessageDto) => o.templateId === undefined)
  @IsString()
  @Length(1, 5000)
  body?: string;

  @IsOptional() @IsUUID() templateId?: string;

  @IsOptional()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

/** `POST /tickets/{id}/assign`. */
export class AssignTicketDto implements AssignTicketRequest {
  @IsUUID() agentId!: string;
}

/** `POST /tickets/{id}/status`. */
export class SetStatusDto implements SetTicketStatusRequest {
  @IsIn(REQUESTABLE_TICKET_STATUSES) status!: RequestedStatus;
}

/** `POST /tickets/{id}/satisfaction`. */
export class SatisfactionDto implements TicketSatisfactionRequest {
  @IsInt() @Min(1) @Max(5) score!: number;
  @IsOptional() @IsString() @Length(1, 1000) comment?: string;
}

/** `GET /support/metrics`: dates (business days in Asia/Shanghai, inclusive) or date-times. */
export class MetricsQueryDto {
  @IsISO8601({ strict: true }) from!: string;
  @IsISO8601({ strict: true }) to!: string;
}
