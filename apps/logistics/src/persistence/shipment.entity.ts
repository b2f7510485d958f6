import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintAsNumber } from '@emporium/platform-persistence';
import type { DeliveryMode } from '../domain/delivery-policy';
import type { ShipmentKind, ShipmentStatus } from '../domain/shipment-status';

/** One tracking event of a shipment. */
export interface TrackingEvent {
  status: ShipmentStatus;
  at: string;
  location?: string;
  note?: string;
}

/** A parcel from one warehouse for one order, with its tracking history. */
@Entity({ name: 'shipments' })
export class ShipmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  /** The return a RETURN shipment fetches the goods of. */
  @Column({ type: 'uuid', nullable: true })
  returnId!: string | null;

  @Column({ type: 'text' })
  kind!: ShipmentKind;

  @Column({ type: 'text' })
  status!: ShipmentStatus;

  @Column({ type: 'text' })
  mode!: DeliveryMode;

  @Column({ type: 'text' })
  carrier!: string;

  @Column({ type: 'text', unique: true })
  trackingNumber!: string;

  @Column({ type: 'uuid' })
  warehouseId!: string;

  @Column({ type: 'jsonb' })
  items!: { sku: string; quantity: number }[];

  /** Freight cost to the retailer, in fen. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  costAmount!: number;

  /** The carton the parcel was packed in; null when no configured carton holds it. */
  @Column({ type: 'text', nullable: true })
  carton!: string | null;

  /** What its units would have cost sent one by one, each in its own carton, in fen. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  unpackedCostAmount!: number | null;

  /** Why this mode and carrier were chosen (the delivery policy's explanation). */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb' })
  events!: TrackingEvent[];

  /** A store pickup's code while it waits on the shelf: for its customer's eyes only, never logged. */
  @Column({ type: 'text', nullable: true })
  pickupCode!: string | null;

  /** Wrong pickup codes given since the code was issued. */
  @Column({ type: 'integer', default: 0 })
  pickupFailedAttempts!: number;

  /** When a store pickup READY_FOR_PICKUP expires if not collected. */
  @Column({ type: 'timestamptz', nullable: true })
  collectBy!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
