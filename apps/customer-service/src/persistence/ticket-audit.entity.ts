import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what on a ticket, and when. */
@Entity({ name: 'ticket_audit' })
export class TicketAuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** The caller's role, or `system` (routing, SLA monitor, events). */
  @Column({ type: 'text' })
  actorRole!: string;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'jsonb' })
  changes!: Record<string, unknown>;
}
