import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
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
import {
  WAREHOUSE_KINDS,
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
}
