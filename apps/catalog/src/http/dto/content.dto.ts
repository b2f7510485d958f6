import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { CONTENT_STATUSES, type ContentBlock, type ContentStatus } from '@emporium/contracts';
import { OptionalNotNull, schemaRef } from '@emporium/platform-http';
import { CAMPAIGN_PATTERN, PLACEMENT_PATTERN } from '../../domain/content-schedule';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../../domain/slug';
import type {
  ContentBannerChange,
  ContentBannerInput,
  ContentPageChange,
  ContentPageInput,
} from '../../application/content.service';
import { MAX_LIMIT } from './list-products.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_HTML = 100_000;
// Banners' priorities, higher first. Named: @nestjs/swagger's plugin drops a property whose
// decorator takes a negative literal.
const MIN_PRIORITY = -10_000;
const MAX_PRIORITY = 10_000;

/** `[{ kind: 'html', html } | { kind: 'products', productIds }]`, at most 50 blocks. */
@ValidatorConstraint({ name: 'contentBlocks' })
class ContentBlocks implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return (
      Array.isArray(value) &&
      value.length <= 50 &&
      value.every((block: unknown) => {
        if (typeof block !== 'object' || block === null) return false;
        const b = block as Record<string, unknown>;
        const keys = Object.keys(b).sort().join(',');
        if (b.kind === 'html') {
          return keys === 'html,kind' && typeof b.html === 'string' && b.html.length <= MAX_HTML;
        }
        if (b.kind === 'products') {
          return (
            keys === 'kind,productIds' &&
            Array.isArray(b.productIds) &&
            b.productIds.length <= 50 &&
            b.productIds.every((id) => typeof id === 'string' && UUID.test(id))
          );
        }
        return false;
      })
    );
  }

  defaultMessage(): string {
    return "blocks must be up to 50 of { kind: 'html', html } or { kind: 'products', productIds }";
  }
}

// The blocks' shape is checked by ContentBlocks above; the document names the contract type.
const BLOCKS = {
  type: 'array',
  items: schemaRef('ContentBlock'),
  maxItems: 50,
  description: 'HTML is sanitised on write',
} as const;

const https = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** `POST /content/pages`. */
export class CreateContentPageDto implements ContentPageInput {
  @IsString()
  @MaxLength(MAX_SLUG_LENGTH)
  @Matches(SLUG_PATTERN, { message: 'must be lowercase words joined by hyphens' })
  slug!: string;
  @IsString() @Length(1, 200) title!: string;
  @ApiPropertyOptional(BLOCKS) @IsOptional() @Validate(ContentBlocks) blocks?: ContentBlock[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  linkedProductIds?: string[];
  @IsOptional()
  @IsString()
  @Matches(CAMPAIGN_PATTERN, { message: 'must be 1-64 of letters, digits, ".", "_" or "-"' })
  campaign?: string | null;
  @IsOptional() @IsIn(CONTENT_STATUSES) status?: ContentStatus;
  @IsOptional() @IsISO8601({ strict: true }) publishAt?: string | null;
  @IsOptional() @IsISO8601({ strict: true }) unpublishAt?: string | null;
}

/** `PATCH /content/pages/{id}`: `null` clears campaign, publishAt and unpublishAt only. */
export class UpdateContentPageDto implements ContentPageChange {
  @OptionalNotNull()
  @IsString()
  @MaxLength(MAX_SLUG_LENGTH)
  @Matches(SLUG_PATTERN, { message: 'must be lowercase words joined by hyphens' })
  slug?: string;
  @OptionalNotNull() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional(BLOCKS) @OptionalNotNull() @Validate(ContentBlocks) blocks?: ContentBlock[];
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  linkedProductIds?: string[];
  @IsOptional()
  @IsString()
  @Matches(CAMPAIGN_PATTERN, { message: 'must be 1-64 of letters, digits, ".", "_" or "-"' })
  campaign?: string | null;
  @OptionalNotNull() @IsIn(CONTENT_STATUSES) status?: ContentStatus;
  @IsOptional() @IsISO8601({ strict: true }) publishAt?: string | null;
  @IsOptional() @IsISO8601({ strict: true }) unpublishAt?: string | null;
}

/** `POST /content/banners`. */
export class CreateContentBannerDto implements ContentBannerInput {
  @IsString()
  @Matches(PLACEMENT_PATTERN, { message: 'must be home-top or category:<uuid>' })
  placement!: string;
  @IsString() @Length(1, 200) title!: string;
  @IsString() @MaxLength(2000) @IsUrl(https) imageUrl!: string;
  @IsString() @MaxLength(2000) @IsUrl(https) linkUrl!: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  linkedProductIds?: string[];
  @IsOptional()
  @IsString()
  @Matches(CAMPAIGN_PATTERN, { message: 'must be 1-64 of letters, digits, ".", "_" or "-"' })
  campaign?: string | null;
  @IsOptional() @IsIn(CONTENT_STATUSES) status?: ContentStatus;
  @IsOptional() @IsISO8601({ strict: true }) publishAt?: string | null;
  @IsOptional() @IsISO8601({ strict: true }) unpublishAt?: string | null;
  @IsOptional() @IsInt() @Min(MIN_PRIORITY) @Max(MAX_PRIORITY) priority?: number;
}

/** `PATCH /content/banners/{id}`: `null` clears campaign, publishAt and unpublishAt only. */
export class UpdateContentBannerDto implements ContentBannerChange {
  @OptionalNotNull()
  @IsString()
  @Matches(PLACEMENT_PATTERN, { message: 'must be home-top or category:<uuid>' })
  placement?: string;
  @OptionalNotNull() @IsString() @Length(1, 200) title?: string;
  @OptionalNotNull() @IsString() @MaxLength(2000) @IsUrl(https) imageUrl?: string;
  @OptionalNotNull() @IsString() @MaxLength(2000) @IsUrl(https) linkUrl?: string;
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  linkedProductIds?: string[];
  @IsOptional()
  @IsString()
  @Matches(CAMPAIGN_PATTERN, { message: 'must be 1-64 of letters, digits, ".", "_" or "-"' })
  campaign?: string | null;
  @OptionalNotNull() @IsIn(CONTENT_STATUSES) status?: ContentStatus;
  @IsOptional() @IsISO8601({ strict: true }) publishAt?: string | null;
  @IsOptional() @IsISO8601({ strict: true }) unpublishAt?: string | null;
  @OptionalNotNull() @IsInt() @Min(MIN_PRIORITY) @Max(MAX_PRIORITY) priority?: number;
}

const toLimit = ({ value }: { value: unknown }) => Math.min(Number(value), MAX_LIMIT);

/** `?limit=&cursor=` of the merchant lists. */
export class ListContentQueryDto {
  @IsOptional() @Transform(toLimit) @IsInt() @Min(1) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

/** `GET /content/banners`: `placement` for storefronts; merchants may page through all instead. */
export class BannersQueryDto extends ListContentQueryDto {
  @IsOptional()
  @IsString()
  @Matches(PLACEMENT_PATTERN, { message: 'must be home-top or category:<uuid>' })
  placement?: string;
}
