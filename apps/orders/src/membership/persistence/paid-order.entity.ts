import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** An order counted towards its customer's spend, with what of it was refunded (fen). */
@Entity({ name: 'member_paid_orders' })
export class PaidOrderEntity {
  @PrimaryColumn({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  paidAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber, default: 0 })
  refundedAmount!: number;

  /** The points the order earns once it completes, before refunds. */
  @Column({ type: 'integer', default: 0 })
  points!: number;

  /** When its points were credited (the order completed); null until then. */
  @Column({ type: 'timestamptz', nullable: true })
  pointsCreditedAt!: Date | null;
}
