import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import type { ProposedWarehouseRequest, SimulateCoverageRequest } from '@emporium/contracts';
import { REPORT_BOUNDARY } from '../report-period';
import { LocationDto } from './warehouse.dto';

/** `GET /logistics/coverage?from=&to=`: dates (Asia/Shanghai business days, inclusive) or date-times. */
export class CoverageQueryDto {
  @Matches(REPORT_BOUNDARY) from!: string;
  @Matches(REPORT_BOUNDARY) to!: string;
}

/** One warehouse of a proposed network. */
export class ProposedWarehouseDto implements ProposedWarehouseRequest {
  @Matches(/^[A-Z0-9-]{2,32}$/, {
    message: 'code must be 2-32 upper-case letters, digits or dashes',
  })
  code!: string;

  @IsString() @Length(1, 50) province!: string;
  @IsString() @Length(1, 50) city!: string;
  @IsObject() @ValidateNested() @Type(() => LocationDto) location!: LocationDto;
}

/** `POST /logistics/coverage/simulate`. */
export class SimulateCoverageDto extends CoverageQueryDto implements SimulateCoverageRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ProposedWarehouseDto)
  warehouses!: ProposedWarehouseDto[];
}
