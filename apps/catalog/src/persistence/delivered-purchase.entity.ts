import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A product a customer received in a delivered order (from order.delivered): the right to review. */
@Entity({ name: 'delivered_purchases' })
export class DeliveredPurchaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  customerId!: string;

  @PrimaryColumn({ type: 'uuid' })
  productId!: string;

  @PrimaryColumn({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'timestamptz' })
  deliveredAt!: Date;
}
