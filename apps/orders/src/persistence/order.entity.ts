import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type {
  DeliveryOption,
  MemberTier,
  PaymentMethodV1,
  ShippingAddressV1,
} from '@emporium/contracts';
import type { OrderStatus } from '../domain/order-status';
import type { PromotionKind } from '../domain/promotions';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** Delivery options of API.md. */
export type { DeliveryOption };

/** One entry of an order's `statusHistory`. */
export interface StatusChange {
  readonly status: OrderStatus;
  readonly at: string;
  readonly reason?: string;
}

/** A promotion as it was applied when the order was priced. */
export interface AppliedPromotionRecord {
  readonly promotionId: string;
  readonly name: string;
  readonly kind: PromotionKind;
  readonly discount: number;
  readonly explanation: string;
}

/** An order: priced once at checkout, then moved along the journey by events. */
@Entity({ name: 'orders' })
export class OrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  status!: OrderStatus;

  @Column({ type: 'text' })
  memberTier!: MemberTier;

  @Column({ type: 'jsonb' })
  shippingAddress!: ShippingAddressV1;

  @Column({ type: 'text' })
  deliveryOption!: DeliveryOption;

  @Column({ type: 'uuid', nullable: true })
  pickupStoreId!: string | null;

  @Column({ type: 'text' })
  paymentMethod!: PaymentMethodV1;

  @Column({ type: 'text', nullable: true })
  sessionId!: string | null;

  @Column({ type: 'text', default: 'CNY' })
  currency!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  subtotalAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  discountAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  shippingAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  totalAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber, default: 0 })
  refundedAmount!: number;

  @Column({ type: 'jsonb' })
  appliedPromotions!: AppliedPromotionRecord[];

  @Column({ type: 'text', array: true, default: '{}' })
  couponCodes!: string[];

  @Column({ type: 'jsonb' })
  statusHistory!: StatusChange[];

  /** The status a rejected return gives back. */
  @Column({ type: 'text', nullable: true })
  statusBeforeReturn!: OrderStatus | null;

  @Column({ type: 'uuid', nullable: true })
  paymentId!: string | null;

  /** Outbound shipments, in the order logistics created them. */
  @Column({ type: 'uuid', array: true, default: '{}' })
  shipmentIds!: string[];

  @Column({ type: 'uuid', array: true, default: '{}' })
  deliveredShipmentIds!: string[];

  @Column({ type: 'timestamptz', nullable: true })
  paymentDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
