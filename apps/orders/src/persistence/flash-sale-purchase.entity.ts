import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Units an order bought at a flash price; the per-customer limit counts the unreleased ones. */
@Entity({ name: 'flash_sale_purchases' })
export class FlashSalePurchaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  promotionId!: string;

  @PrimaryColumn({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  sku!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;
}
