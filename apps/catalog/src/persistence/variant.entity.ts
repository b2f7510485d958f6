import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** A sellable variant; its SKU is unique across the catalog. */
@Entity({ name: 'product_variants' })
export class VariantEntity {
  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @Column({ type: 'uuid' })
  productId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  priceAmount!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'int', nullable: true })
  weightGrams!: number | null;

  @Column({ type: 'int', nullable: true })
  lengthMm!: number | null;

  @Column({ type: 'int', nullable: true })
  widthMm!: number | null;

  @Column({ type: 'int', nullable: true })
  heightMm!: number | null;

  @Column({ type: 'jsonb' })
  attributes!: Record<string, string>;

  @Column({ type: 'int' })
  position!: number;

  /** Units available over all warehouses (read model of logistics.inventory). */
  @Column({ type: 'int', default: 0 })
  available!: number;
}
