import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '@emporium/platform-http';
import {
  TICKET_CHANNELS,
  TICKET_TYPES,
  type TicketChannel,
  type TicketType,
} from '../../domain/ticket';

/** What an agent handles; an empty list means every value. */
export class AgentSkillsDto {
  @ArrayMaxSize(TICKET_TYPES.length) @IsIn(TICKET_TYPES, { each: true }) types!: TicketType[];
  @ArrayMaxSize(TICKET_CHANNELS.length)
  @IsIn(TICKET_CHANNELS, { each: true })
  channels!: TicketChannel[];
}

/** `PUT /support/agents/{agentId}`. */
export class PutAgentDto {
  @IsString() @Length(1, 100) name!: string;
  // ValidateNested alone lets a missing object through.
  @IsObject() @ValidateNested() @Type(() => AgentSkillsDto) skills!: AgentSkillsDto;
  @IsInt() @Min(0) @Max(100_000) maxOpen!: number;
  @IsBoolean() active!: boolean;
}

/** `POST /support/canned-replies`. */
export class CreateCannedReplyDto {
  @IsString() @Length(1, 100) name!: string;
  @IsString() @Length(1, 5000) body!: string;
}

/** `PATCH /support/canned-replies/{id}`. */
export class UpdateCannedReplyDto {
  @OptionalNotNull() @IsString() @Length(1, 100) name?: string;
  @OptionalNotNull() @IsString() @Length(1, 5000) body?: string;
}
