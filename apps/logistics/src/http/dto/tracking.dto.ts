import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { ShipmentStatus } from '../../domain/shipment-status';

const REPORTABLE: ShipmentStatus[] = ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'FAILED_ATTEMPT', 'RETURNED'];

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
  @IsString() @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'eventId must be 1-200 printable ASCII characters' })
  eventId!: string;
  @Matches(/^[A-Z0-9]{6,40}$/) trackingNumber!: string;
}

/** `GET /logistics/costs?from=&to=`: dates (Asia/Shanghai business days, inclusive) or date-times. */
export class CostsQueryDto {
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/) from!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/) to!: string;
}
