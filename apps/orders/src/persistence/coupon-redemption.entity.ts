import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One use of a coupon promotion by an order; a cancelled order's use is released, not deleted. */
@Entity({ name: 'coupon_redemptions' })
export class CouponRedemptionEntity {
  @PrimaryColumn({ type: 'uuid' })
  promotionId!: string;

  @PrimaryColumn({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;
}
