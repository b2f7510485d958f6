import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import {
  EXPORT_DATASETS,
  EXPORT_FORMATS,
  FORECAST_METRICS,
  SALES_GRANULARITIES,
  STATS_METRICS,
  TOP_PRODUCTS_BY,
  type ExportDataset,
  type ExportFormat,
  type ForecastMetric,
  type Granularity,
  type StatsMetric,
  type TopProductsBy,
} from '@emporium/contracts';

/** `from`, `to` and `tz` of every report (API.md "reports"); checked by parseRange. */
export class RangeQueryDto {
  @IsOptional() @IsString() from?: string;
  @IsOptional() @IsString() to?: string;
  /** The time zone of the business days (IANA name); Asia/Shanghai unless given. */
  @IsOptional() @IsString() tz?: string;
}

export class SalesQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(SALES_GRANULARITIES) granularity?: Granularity;
}

export class TopProductsQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(TOP_PRODUCTS_BY) by?: TopProductsBy;
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
  @IsOptional() @IsIn(FORECAST_METRICS) metric?: ForecastMetric;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(90) horizon?: number;
}

export class StatsQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(STATS_METRICS) metric?: StatsMetric;
}

export class ExportQueryDto extends RangeQueryDto {
  @IsIn(EXPORT_DATASETS) dataset!: ExportDataset;
  @IsOptional() @IsIn(EXPORT_FORMATS) format?: ExportFormat;
}

export class LimitQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}
