import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TicketChannel, TicketType } from '../domain/ticket';

/** An agent of the desk: skills for routing, a cap of open tickets, on duty or not. */
@Entity({ name: 'support_agents' })
export class SupportAgentEntity {
  /** The agent's user id. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  skillTypes!: TicketType[];

  @Column({ type: 'text', array: true })
  skillChannels!: TicketChannel[];

  @Column({ type: 'integer' })
  maxOpen!: number;

  @Column({ type: 'boolean' })
  active!: boolean;

  /** Assigned tickets that still need work (OPEN, ASSIGNED, PENDING_CUSTOMER). */
  @Column({ type: 'integer' })
  openCount!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastAssignedAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
