import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PointsEntryKind } from '@emporium/contracts';

/** One movement of a member's points; an EARNED row is also a lot later debits draw down. */
@Entity({ name: 'points_ledger' })
export class PointsEntryEntity {
  /** bigserial, read back as a string by the driver. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'uuid', nullable: true })
  orderId!: string | null;

  @Column({ type: 'text' })
  kind!: PointsEntryKind;

  /** Positive when earned, negative when taken. */
  @Column({ type: 'integer' })
  points!: number;

  /** What of an EARNED lot is left. */
  @Column({ type: 'integer', nullable: true })
  remaining!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
