import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type {
  AmountMismatch,
  Attempt,
  Confirmable,
  PaymentFlag,
  PaymentMethod,
  PaymentStatus,
} from '../domain/payment-status';
import type { Refundable } from '../domain/refunds';
import type { ProviderName } from '../domain/provider-events';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** One order's payment: what to collect, what was captured and refunded, and every attempt. */
@Entity({ name: 'payments' })
export class PaymentEntity implements Confirmable, Refundable {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', unique: true })
  orderId!: string;

  @Column({ type: 'text' })
  orderNumber!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  method!: PaymentMethod;

  @Column({ type: 'text' })
  provider!: ProviderName;

  @Column({ type: 'text', unique: true })
  providerRef!: string;

  @Column({ type: 'text' })
  status!: PaymentStatus;

  @Column({ type: 'text' })
  currency!: string;

  /** What the order asks for (from `order.awaiting-payment`, never from a client). */
  @Column({ name: 'total_amount', type: 'bigint', transformer: bigintAsNumber })
  amount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  capturedAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  refundedAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  feeAmount!: number;

  @Column({ type: 'jsonb' })
  attempts!: Attempt[];

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** Set while a confirmation is with the provider, so a second one waits its turn. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmingSince!: Date | null;

  /** The QR code the provider made for the shopper (Alipay precreate, WeChat Pay Native). */
  @Column({ type: 'text', nullable: true })
  providerQrCode!: string | null;

  /** While the provider's notification is awaited: since when (or since it was last asked). */
  @Column({ type: 'timestamptz', nullable: true })
  awaitingProviderSince!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  capturedAt!: Date | null;

  /** When it was voided or failed, and why. */
  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  closeReason!: string | null;

  /** When a void reached the provider. */
  @Column({ type: 'timestamptz', nullable: true })
  providerClosedAt!: Date | null;

  /** The latest of `flags`. */
  @Column({ type: 'text', nullable: true })
  flag!: string | null;

  /** Everything staff should look at: money taken for a cancelled order, a wrong amount reported. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags!: PaymentFlag[];

  /** Provider reports of another amount or currency than this payment's, none of them captured. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  amountMismatches!: AmountMismatch[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
