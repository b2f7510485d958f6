import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An event waiting to be published (or published, kept a while for audits); one per state change. */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  /** Publication order. A bigint, so TypeORM hands it back as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', unique: true })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text' })
  messageKey!: string;

  @Column({ type: 'text' })
  eventType!: string;

  /** `json`, not `jsonb`, so the published bytes keep the envelope's field order. */
  @Column({ type: 'json' })
  envelope!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** An event a consumer group has handled; its row commits with the handler's effect. */
@Entity({ name: 'inbox' })
export class InboxEntity {
  @PrimaryColumn({ type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  eventType!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  handledAt!: Date;
}
