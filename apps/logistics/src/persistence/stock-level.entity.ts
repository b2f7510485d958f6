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

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
