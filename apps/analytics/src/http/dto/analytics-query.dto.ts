import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import type { ExportDataset } from '../../application/export.service';
import type { ForecastMetric } from '../../application/insights.service';
import type { Granularity, TopProductsBy } from '../../application/reports.service';

/** `from`, `to` and `tz` of every report (API.md "reports"); checked by parseRange. */
export class RangeQueryDto {
  @IsOptional() @IsString() from?: string;
  @IsOptional() @IsString() to?: string;
  /** The time zone of the business days (IANA name); Asia/Shanghai unless given. */
  @IsOptional() @IsString() tz?: string;
}

export class SalesQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(['hour', 'day', 'week', 'month']) granularity?: Granularity;
}

export class TopProductsQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(['revenue', 'units']) by?: TopProductsBy;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class SegmentsQueryDto extends RangeQueryDto {
  /** How many scored customers to list (all are clustered). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AssociationsQueryDto extends RangeQueryDto {
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0.0001) @Max(1) minSupport?: number;
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(1) minConfidence?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ForecastQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(['gmv', 'orders']) metric?: ForecastMetric;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(90) horizon?: number;
}

export class StatsQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(['order_value']) metric?: 'order_value';
}

export class ExportQueryDto extends RangeQueryDto {
  @IsIn(['orders', 'sales']) dataset!: ExportDataset;
  @IsOptional() @IsIn(['csv']) format?: 'csv';
}

export class LimitQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}
