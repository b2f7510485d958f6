import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketOrigin } from '@emporium/contracts';
import type { PriorityReason } from '../domain/priority';
import type { Priority, TicketChannel, TicketStatus, TicketType } from '../domain/ticket';

/** A customer's ticket: lifecycle, priority, SLA deadlines and rating. */
@Entity({ name: 'tickets' })
export class TicketEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Human number (`TK00000042`), filled by the database. */
  @Column({ type: 'text', insert: false, update: false })
  number!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  type!: TicketType;

  @Column({ type: 'text' })
  channel!: TicketChannel;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  status!: TicketStatus;

  @Column({ type: 'text' })
  priority!: Priority;

  @Column({ type: 'integer' })
  priorityScore!: number;

  @Column({ type: 'jsonb' })
  priorityReasons!: PriorityReason[];

  @Column({ type: 'uuid', nullable: true })
  orderId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text' })
  origin!: TicketOrigin;

  /** One system ticket per cause (`delivery-failed:<shipmentId>`). */
  @Column({ type: 'text', nullable: true })
  systemKey!: string | null;

  @Column({ type: 'timestamptz' })
  firstResponseDueAt!: Date;

  @Column({ type: 'timestamptz' })
  resolutionDueAt!: Date;

  /** The deadline that matters now: first response until an agent answers, then resolution. */
  @Column({ type: 'timestamptz' })
  slaDueAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseBreachedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolutionBreachedAt!: Date | null;

  @Column({ type: 'smallint', nullable: true })
  ratingScore!: number | null;

  @Column({ type: 'text', nullable: true })
  ratingComment!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  ratedAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
