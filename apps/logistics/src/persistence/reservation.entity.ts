import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Address } from './warehouse.entity';

/** Where an order's reservation stands. */
export type ReservationStatus = 'RESERVED' | 'FAILED' | 'RELEASED' | 'COMMITTED';

/** An order's hold on stock: one per order, whatever happened to it. */
@Entity({ name: 'reservations' })
export class ReservationEntity {
  @PrimaryColumn({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'text' })
  status!: ReservationStatus;

  @Column({ type: 'text' })
  deliveryOption!: string;

  @Column({ type: 'jsonb' })
  destination!: Address;

  @Column({ type: 'jsonb' })
  allocations!: { warehouseId: string; sku: string; quantity: number }[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
