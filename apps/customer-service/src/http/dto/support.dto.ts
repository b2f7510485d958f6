import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
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
  @ValidateNested() @Type(() => AgentSkillsDto) skills!: AgentSkillsDto;
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
  // Absent means unchanged; null is not a name or a body (IsOptional would let it through).
  @ValidateIf((_, value) => value !== undefined) @IsString() @Length(1, 100) name?: string;
  @ValidateIf((_, value) => value !== undefined) @IsString() @Length(1, 5000) body?: string;
}
