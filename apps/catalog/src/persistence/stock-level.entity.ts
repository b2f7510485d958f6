import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A SKU's available stock in one warehouse, as the latest inventory event told it. */
@Entity({ name: 'stock_levels' })
export class StockLevelEntity {
  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @PrimaryColumn({ type: 'text' })
  warehouseId!: string;

  @Column({ type: 'int' })
  available!: number;

  /** occurredAt of the event that set it: an older event arriving late is ignored. */
  @Column({ type: 'timestamptz' })
  asOf!: Date;
}
