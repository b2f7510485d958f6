import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** A customer as identity events describe them. */
@Entity({ name: 'customer_profiles' })
export class CustomerProfileEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', nullable: true })
  memberTier!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  registeredAt!: Date | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** An order as order events describe it. */
@Entity({ name: 'order_views' })
export class OrderViewEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  number!: string | null;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'timestamptz' })
  statusSince!: Date;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  totalAmount!: number | null;

  @Column({ type: 'integer', nullable: true })
  itemCount!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  placedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason!: string | null;

  /** Cancelled before any payment was due to be kept: money captured later is a mistake. */
  @Column({ type: 'boolean' })
  cancelledUnpaid!: boolean;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A payment as payment events describe it. */
@Entity({ name: 'payment_views' })
export class PaymentViewEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text', nullable: true })
  method!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  amount!: number | null;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  refundedAmount!: number;

  @Column({ type: 'timestamptz', nullable: true })
  capturedAt!: Date | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A shipment as logistics events describe it. */
@Entity({ name: 'shipment_views' })
export class ShipmentViewEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'uuid', nullable: true })
  customerId!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  carrier!: string | null;

  @Column({ type: 'text', nullable: true })
  trackingNumber!: string | null;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
