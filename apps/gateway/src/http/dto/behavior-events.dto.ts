import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import type { BehaviorEventV1, BehaviorType } from '@emporium/contracts';

const TYPES: readonly BehaviorType[] = ['PAGE_VIEW', 'PRODUCT_VIEW', 'SEARCH', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'CHECKOUT_STARTED'];

/** Where a session came from. */
export class UtmDto {
  @ApiProperty({ example: 'xiaohongshu' }) @IsString() @Length(1, 100) source!: string;
  @ApiPropertyOptional({ example: 'social' }) @IsOptional() @IsString() @Length(1, 100) medium?: string;
  @ApiPropertyOptional({ example: 'double-11' }) @IsOptional() @IsString() @Length(1, 200) campaign?: string;
}

/** One behavior event. */
export class BehaviorEventDto implements BehaviorEventV1 {
  @ApiProperty({ enum: TYPES }) @IsIn(TYPES) type!: BehaviorType;
  @ApiProperty({ maxLength: 100 }) @IsString() @Length(1, 100) sessionId!: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) productId?: string;
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @Length(1, 100) sku?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @Length(0, 500) query?: string;
  @ApiPropertyOptional({ type: UtmDto }) @IsOptional() @ValidateNested() @Type(() => UtmDto) utm?: UtmDto;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) at!: string;
}

/** `POST /events`: at most 500 events a call. */
export class RecordBehaviorDto {
  @ApiProperty({ type: [BehaviorEventDto], minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => BehaviorEventDto)
  events!: BehaviorEventDto[];
}

/** The answer of `POST /events`. */
export class RecordBehaviorResponse {
  @ApiProperty({ description: 'Events accepted' }) accepted!: number;
}
