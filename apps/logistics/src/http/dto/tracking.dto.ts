import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import {
  CARRIER_SHIPMENT_STATUSES,
  REPORTABLE_SHIPMENT_STATUSES,
  type PickupRequest,
  type ShipmentStatus,
  type TrackingEventRequest,
} from '@emporium/contracts';
import { PICKUP_CODE_PATTERN } from '../../domain/pickup';
import { REPORT_BOUNDARY } from '../report-period';

/** `POST /shipments/{id}/events`. */
export class TrackingEventDto implements TrackingEventRequest {
  @IsIn(REPORTABLE_SHIPMENT_STATUSES) status!: ShipmentStatus;
  @IsOptional() @IsString() @Length(1, 200) location?: string;
  @IsOptional() @IsString() @Length(1, 500) note?: string;
}

/**
 * A carrier's webhook call: the same event, naming the parcel by tracking number, with the
 * carrier's own id of the event (a replay of an id already applied changes nothing).
 */
export class CarrierEventDto extends TrackingEventDto {
  @IsIn(CARRIER_SHIPMENT_STATUSES) declare status: ShipmentStatus;
  @IsString()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'eventId must be 1-200 printable ASCII characters' })
  eventId!: string;
  @Matches(/^[A-Z0-9]{6,40}$/) trackingNumber!: string;
}

/** `POST /shipments/{id}/pickup`: the code the customer shows at the counter. */
export class PickupDto implements PickupRequest {
  @Matches(PICKUP_CODE_PATTERN, { message: 'code must be 6 digits' }) code!: string;
}

/** `GET /logistics/costs?from=&to=`: dates (Asia/Shanghai business days, inclusive) or date-times. */
export class CostsQueryDto {
  @Matches(REPORT_BOUNDARY) from!: string;
  @Matches(REPORT_BOUNDARY) to!: string;
}
