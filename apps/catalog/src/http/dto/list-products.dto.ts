import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PRODUCT_SORTS, type ProductSort } from '../../domain/search-query';

/** Largest page; larger `limit`s are capped to it (API.md "lists"). */
export const MAX_LIMIT = 100;

const toLimit = ({ value }: { value: unknown }) => Math.min(Number(value), MAX_LIMIT);
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Query of `GET /products`. */
export class ListProductsQueryDto {
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @IsOptional() @IsUUID() categoryId?: string;
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minPrice?: number;
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  maxPrice?: number;
  @IsOptional() @Transform(toBoolean) @IsBoolean() inStock?: boolean;
  @IsOptional() @IsIn(PRODUCT_SORTS) sort?: ProductSort;
  @IsOptional() @Transform(toLimit) @IsInt() @Min(1) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

/** Query of `GET /products/{id}/reviews`. */
export class ListReviewsQueryDto {
  @IsOptional() @Transform(toLimit) @IsInt() @Min(1) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}
