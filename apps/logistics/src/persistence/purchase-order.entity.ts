import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { PurchaseOrderStatus } from '@emporium/contracts';
import type { PurchaseLine, PurchaseOrder } from '../domain/purchase-orders';

/** An order to a supplier for one warehouse, with what has arrived of each line. */
@Entity({ name: 'purchase_orders' })
export class PurchaseOrderEntity implements PurchaseOrder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  supplierId!: string;

  @Column({ type: 'uuid' })
  warehouseId!: string;

  @Column({ type: 'text' })
  status!: PurchaseOrderStatus;

  @Column({ type: 'jsonb' })
  lines!: PurchaseLine[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
