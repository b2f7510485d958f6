import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PICKUP_CODE_PATTERN } from '../../domain/pickup';
import type { ShipmentStatus } from '../../domain/shipment-status';

const CARRIER_REPORTABLE: ShipmentStatus[] = ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'FAILED_ATTEMPT', 'RETURNED'];
// Staff also say a store has put a pickup aside. Collection goes through the code
// (`POST /shipments/{id}/pickup`) and expiry through the timer, so neither can be reported.
const REPORTABLE: ShipmentStatus[] = [...CARRIER_REPORTABLE, 'READY_FOR_PICKUP'];

/** `POST /shipments/{id}/events`. */
export class TrackingEventDto {
  @IsIn(REPORTABLE) status!: ShipmentStatus;
  @IsOptional() @IsString() @Length(1, 200) location?: string;
  @IsOptional() @IsString() @Length(1, 500) note?: string;
}

/**
 * A carrier's webhook call: the same event, naming the parcel by tracking number, with the
 * carrier's own id of the event (a replay of an id already applied changes nothing).
 */
export class CarrierEventDto extends TrackingEventDto {
  @IsIn(CARRIER_REPORTABLE) declare status: ShipmentStatus;
  @IsString() @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'eventId must be 1-200 printable ASCII characters' })
  eventId!: string;
  @Matches(/^[A-Z0-9]{6,40}$/) trackingNumber!: string;
}

/** `POST /shipments/{id}/pickup`: the code the customer shows at the counter. */
export class PickupDto {
  @Matches(PICKUP_CODE_PATTERN, { message: 'code must be 6 digits' }) code!: string;
}

/** `GET /logistics/costs?from=&to=`: dates (Asia/Shanghai business days, inclusive) or date-times. */
export class CostsQueryDto {
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/) from!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/) to!: string;
}
