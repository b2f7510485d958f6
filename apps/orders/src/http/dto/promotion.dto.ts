import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '@emporium/platform-http';
import {
  MEMBER_TIERS,
  PROMOTION_FILTERS,
  PROMOTION_KINDS,
  type MemberTier,
  type PromotionFilter,
  type PromotionKind,
} from '@emporium/contracts';

const COUPON_CODE = /^[A-Za-z0-9_-]{3,32}$/;
const COUPON_MESSAGE = 'couponCode must be 3-32 letters, digits, dashes or underscores';

/** What a promotion covers: SKUs, categories, or everything. */
export class PromotionTargetDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  skus?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  categoryIds?: string[];

  @IsOptional() @IsBoolean() all?: boolean;
}

/**
 * `POST /promotions`. `rules` depends on `kind`, so its fields are checked by the service
 * (parsePromotionRules) and reported with the same 400 shape (`rules.tiers[0].off`).
 */
export class CreatePromotionDto {
  @IsString() @Length(1, 100) name!: string;
  @IsIn(PROMOTION_KINDS) kind!: PromotionKind;
  @IsISO8601({ strict: true }) startsAt!: string;
  @IsISO8601({ strict: true }) endsAt!: string;
  @IsObject() @ValidateNested() @Type(() => PromotionTargetDto) target!: PromotionTargetDto;

  @IsOptional() @IsArray() @IsIn(MEMBER_TIERS, { each: true }) memberTiers?: MemberTier[];
  @IsOptional() @Matches(COUPON_CODE, { message: COUPON_MESSAGE }) couponCode?: string;
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000) usageLimit?: number;
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000) perCustomerLimit?: number;
  @IsBoolean() stackable!: boolean;
  /** Shoppers see the coupon code only when it is advertised (default false). */
  @IsOptional() @IsBoolean() advertised?: boolean;
  @IsObject() rules!: Record<string, unknown>;
}

/**
 * `PATCH /promotions/{id}`: any field of the promotion; `null` clears couponCode, usageLimit and
 * perCustomerLimit. A new kind needs new rules.
 */
export class UpdatePromotionDto {
  @OptionalNotNull() @IsString() @Length(1, 100) name?: string;
  @OptionalNotNull() @IsIn(PROMOTION_KINDS) kind?: PromotionKind;
  @OptionalNotNull() @IsISO8601({ strict: true }) startsAt?: string;
  @OptionalNotNull() @IsISO8601({ strict: true }) endsAt?: string;
  @OptionalNotNull() @ValidateNested() @Type(() => PromotionTargetDto) target?: PromotionTargetDto;
  @OptionalNotNull() @IsArray() @IsIn(MEMBER_TIERS, { each: true }) memberTiers?: MemberTier[];
  @IsOptional() @Matches(COUPON_CODE, { message: COUPON_MESSAGE }) couponCode?: string | null;
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000) usageLimit?: number | null;
  @IsOptional() @IsInt() @Min(1) @Max(100_000_000) perCustomerLimit?: number | null;
  @OptionalNotNull() @IsBoolean() stackable?: boolean;
  @OptionalNotNull() @IsBoolean() advertised?: boolean;
  @OptionalNotNull() @IsObject() rules?: Record<string, unknown>;
}

/** `GET /promotions`: `status` other than `active` is for merchants. */
export class ListPromotionsQueryDto {
  @IsOptional() @IsIn(PROMOTION_FILTERS) status?: PromotionFilter;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @IsOptional() @IsString() @Length(1, 200) cursor?: string;
}
