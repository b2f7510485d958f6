import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { BEHAVIOR_TYPES, type BehaviorEventV1, type BehaviorType } from '@emporium/contracts';

/** A session id is chosen by the client and ends up in merchants' CSV exports: a safe alphabet only. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Where a session came from. */
export class UtmDto {
  @ApiProperty({ example: 'xiaohongshu' }) @IsString() @Length(1, 100) source!: string;
  @ApiPropertyOptional({ example: 'social' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  medium?: string;
  @ApiPropertyOptional({ example: 'double-11' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  campaign?: string;
}

/** One behavior event. */
export class BehaviorEventDto implements BehaviorEventV1 {
  @ApiProperty({ enum: BEHAVIOR_TYPES }) @IsIn(BEHAVIOR_TYPES) type!: BehaviorType;
  @ApiProperty({ pattern: SESSION_ID.source, maxLength: 128 })
  @IsString()
  @Matches(SESSION_ID, {
    message: 'sessionId must be 1-128 letters, digits, dashes or underscores',
  })
  sessionId!: string;
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  productId?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) sku?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @Length(0, 500) query?: string;
  @ApiPropertyOptional({ type: UtmDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UtmDto)
  utm?: UtmDto;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) at!: string;
}

/** `POST /events`: at most 500 events a call. */
export class RecordBehaviorDto {
  @ApiProperty({ type: [BehaviorEventDto], minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => BehaviorEventDto)
  events!: BehaviorEventDto[];
}

/** The answer of `POST /events`. */
export class RecordBehaviorResponse {
  @ApiProperty({ description: 'Events accepted' }) accepted!: number;
}
