import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsLatitude,
  IsLongitude,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AddressDto } from '@emporium/platform-http';
import { DEFAULT_ABC_CUT, LOCATION_PATTERN } from '../../domain/slotting';
import { REPORT_BOUNDARY } from '../report-period';
import {
  ABC_MEASURES,
  WAREHOUSE_KINDS,
  type AbcMeasure,
  type CreateWarehouseRequest,
  type SetStockRequest,
  type WarehouseKind,
} from '@emporium/contracts';

/** A point on the map, in degrees. */
export class LocationDto {
  @IsLatitude() lat!: number;
  @IsLongitude() lon!: number;
}

/** `POST /warehouses`. */
export class CreateWarehouseDto implements CreateWarehouseRequest {
  @Matches(/^[A-Z0-9-]{2,32}$/, {
    message: 'code must be 2-32 upper-case letters, digits or dashes',
  })
  code!: string;

  @IsString() @Length(1, 100) name!: string;
  @IsIn(WAREHOUSE_KINDS) kind!: WarehouseKind;
  @IsObject() @ValidateNested() @Type(() => AddressDto) address!: AddressDto;
  @IsObject() @ValidateNested() @Type(() => LocationDto) location!: LocationDto;
}

/** `PUT /warehouses/{id}/stock/{sku}`. */
export class SetStockDto implements SetStockRequest {
  @IsInt() @Min(0) @Max(10_000_000) onHand!: number;

  @IsOptional()
  @Matches(LOCATION_PATTERN, {
    message: 'location must be 1-5 dash-separated segments of capitals and digits (A-03-2)',
  })
  location?: string;
}

/**
 * `GET /warehouses/{id}/slotting?from=&to=&by=&a=&b=`: the period as for reports, the measure
 * (picks by default) and the A and B shares of the cut (0.8 and 0.15 by default).
 */
export class SlottingQueryDto {
  @Matches(REPORT_BOUNDARY) from!: string;
  @Matches(REPORT_BOUNDARY) to!: string;
  @IsOptional() @IsIn(ABC_MEASURES) by: AbcMeasure = 'picks';

  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  a: number = DEFAULT_ABC_CUT.a;

  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  b: number = DEFAULT_ABC_CUT.b;
}
