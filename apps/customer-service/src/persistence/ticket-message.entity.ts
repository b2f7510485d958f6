import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketAuthorV1 } from '@emporium/contracts';

/** A file linked to a message. */
export interface Attachment {
  url: string;
  name?: string;
}

/** One message of a ticket's conversation. */
@Entity({ name: 'ticket_messages' })
export class TicketMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @Column({ type: 'text' })
  author!: TicketAuthorV1;

  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'jsonb' })
  attachments!: Attachment[];

  @Column({ type: 'uuid', nullable: true })
  templateId!: string | null;

  /** Dedup key of a system message (one per occurrence of its cause). */
  @Column({ type: 'text', nullable: true })
  occurrenceKey!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
