import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** Why a refund was made. */
export type RefundKind = 'MANUAL' | 'RETURN' | 'CANCELLATION' | 'LATE_CAPTURE';

/** Money sent back on a payment; `providerStatus` says whether the provider has carried it out. */
@Entity({ name: 'refunds' })
export class RefundEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  paymentId!: string;

  @Column({ name: 'refund_amount', type: 'bigint', transformer: bigintAsNumber })
  amount!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  kind!: RefundKind;

  /** The return it pays back; unique, so a redelivered `return.received` refunds once. */
  @Column({ type: 'uuid', nullable: true, unique: true })
  returnId!: string | null;

  @Column({ type: 'text' })
  providerStatus!: 'PENDING' | 'SUCCEEDED';

  @Column({ type: 'text', nullable: true })
  providerRefundRef!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
