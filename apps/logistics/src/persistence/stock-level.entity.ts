import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Units of one SKU in one warehouse: on the shelf, and held for unpaid orders. */
@Entity({ name: 'stock_levels' })
export class StockLevelEntity {
  @PrimaryColumn({ type: 'uuid' })
  warehouseId!: string;

  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @Column({ type: 'integer' })
  onHand!: number;

  @Column({ type: 'integer' })
  reserved!: number;

  /** The bin the SKU is kept in (`A-03-2`); its first segment is the zone. */
  @Column({ type: 'text', nullable: true })
  location!: string | null;

  /** Where the replenishment plan says to reorder; null until planned. */
  @Column({ type: 'integer', nullable: true })
  reorderPoint!: number | null;

  /** Since when available has been at or below the reorder point (`stock.low` was announced). */
  @Column({ type: 'timestamptz', nullable: true })
  lowSince!: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
