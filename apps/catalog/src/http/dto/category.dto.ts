import {
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalNotNull } from '@emporium/platform-http';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../../domain/slug';
import type { CategoryChange, CategoryInput } from '../../application/categories.service';

/** `POST /categories`. */
export class CreateCategoryDto implements CategoryInput {
  @IsString() @Length(1, 100) name!: string;
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SLUG_LENGTH)
  @Matches(SLUG_PATTERN, { message: 'must be lowercase words joined by hyphens' })
  slug?: string;
  @IsOptional() @IsUUID() parentId?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(10_000) position?: number;
}

/** `PATCH /categories/{id}`: rename, re-slug, or move (`parentId: null` moves to the top). */
export class UpdateCategoryDto implements CategoryChange {
  @OptionalNotNull() @IsString() @Length(1, 100) name?: string;
  @OptionalNotNull()
  @IsString()
  @MaxLength(MAX_SLUG_LENGTH)
  @Matches(SLUG_PATTERN, { message: 'must be lowercase words joined by hyphens' })
  slug?: string;
  @IsOptional() @IsUUID() parentId?: string | null;
  @OptionalNotNull() @IsInt() @Min(0) @Max(10_000) position?: number;
}
