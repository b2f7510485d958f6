import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { MemberTier } from '@emporium/contracts';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** A customer's paid and refunded spend (fen) and the member tier it earned. */
@Entity({ name: 'members' })
export class MemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber, default: 0 })
  paidAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber, default: 0 })
  refundedAmount!: number;

  /** Null for spend carried over when membership moved here, until it is next ranked. */
  @Column({ type: 'text', nullable: true })
  tier!: MemberTier | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
