import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  NEW_PRODUCT_STATUSES,
  PRODUCT_STATUSES,
  SKU_PATTERN,
  type DimensionsMm,
  type ProductStatus,
} from '@emporium/contracts';
import { MoneyDto, OptionalNotNull } from '@emporium/platform-http';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '../../domain/slug';
import type { ProductChange, ProductInput, VariantInput } from '../../application/products.service';
import { IsStringRecord } from './string-record';

/** Packed size in millimetres. */
export class DimensionsDto implements DimensionsMm {
  @IsInt() @Min(1) @Max(100_000) length!: number;
  @IsInt() @Min(1) @Max(100_000) width!: number;
  @IsInt() @Min(1) @Max(100_000) height!: number;
}

/** A variant; weight and dimensions are required for goods that ship (checked by the rules). */
export class VariantDto implements VariantInput {
  @IsString()
  @Matches(SKU_PATTERN, { message: 'must be 1–64 letters, digits, dots, hyphens or underscores' })
  sku!: string;
  @IsString() @Length(1, 200) name!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) price!: MoneyDto;
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) weightGrams?: number | null;
  @IsOptional() @ValidateNested() @Type(() => DimensionsDto) dimensionsMm?: DimensionsDto | null;
  @IsOptional() @IsStringRecord() attributes?: Record<string, string>;
}

const slug = () => Matches(SLUG_PATTERN, { message: 'must be lowercase words joined by hyphens' });
const imageUrls = () =>
  IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { each: true });

/** `POST /products`. */
export class CreateProductDto implements ProductInput {
  @IsString() @Length(1, 200) name!: string;
  @IsOptional() @IsString() @MaxLength(MAX_SLUG_LENGTH) @slug() slug?: string;
  @IsString() @MaxLength(20_000) description!: string;
  @IsUUID() categoryId!: string;
  @IsOptional() @IsIn(NEW_PRODUCT_STATUSES) status?: (typeof NEW_PRODUCT_STATUSES)[number];
  @IsOptional() @IsBoolean() shippable?: boolean;
  @IsOptional() @IsStringRecord() attributes?: Record<string, string>;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @imageUrls() images?: string[];
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VariantDto)
  variants!: VariantDto[];
}

/** `PATCH /products/{id}`; `variants`, when given, replaces the whole set (matched by SKU). */
export class UpdateProductDto implements ProductChange {
  @OptionalNotNull() @IsString() @Length(1, 200) name?: string;
  @OptionalNotNull() @IsString() @MaxLength(MAX_SLUG_LENGTH) @slug() slug?: string;
  @OptionalNotNull() @IsString() @MaxLength(20_000) description?: string;
  @OptionalNotNull() @IsUUID() categoryId?: string;
  @OptionalNotNull() @IsIn(PRODUCT_STATUSES) status?: ProductStatus;
  @OptionalNotNull() @IsBoolean() shippable?: boolean;
  @OptionalNotNull() @IsStringRecord() attributes?: Record<string, string>;
  @OptionalNotNull() @IsArray() @ArrayMaxSize(20) @imageUrls() images?: string[];
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VariantDto)
  variants?: VariantDto[];
}
