import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ReturnPart } from '../domain/returns';
import { bigintAsNumber } from '@emporium/platform-persistence';
import type { ReturnStatus } from '@emporium/contracts';

export type { ReturnStatus };

/** An after-sale return of some units of a delivered order. */
@Entity({ name: 'returns' })
export class ReturnEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  status!: ReturnStatus;

  @Column({ type: 'jsonb' })
  lines!: ReturnPart[];

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  refundAmount!: number;

  /** Why staff rejected it, or a note on the approval. */
  @Column({ type: 'text', nullable: true })
  decisionNote!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  refundedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
