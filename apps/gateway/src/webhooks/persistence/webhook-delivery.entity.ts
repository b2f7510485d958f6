import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookDeliveryStatus } from '../domain/webhooks';

/** One event on its way to one subscription, with the outcome of its attempts. */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Arrival order: a subject's deliveries go out in this order. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'uuid' })
  subscriptionId!: string;

  @Column({ type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  eventType!: string;

  @Column({ type: 'text' })
  subject!: string;

  /** The envelope exactly as it is POSTed (and signed). */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text', default: 'PENDING' })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'int', nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  /** Start of the retry window: creation, or the last manual retry. */
  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
