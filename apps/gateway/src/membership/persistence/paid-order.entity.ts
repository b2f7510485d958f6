import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A paid order of a customer, with what of it was refunded (fen; bigint read back as strings). */
@Entity({ name: 'paid_orders' })
export class PaidOrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'bigint' })
  paidAmount!: string;

  @Column({ type: 'bigint', default: 0 })
  refundedAmount!: string;
}
