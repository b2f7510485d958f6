import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A SKU's shipping weight and size, kept from catalog events (a read model; catalog owns it). */
@Entity({ name: 'sku_specs' })
export class SkuSpecEntity {
  @PrimaryColumn({ type: 'text' })
  sku!: string;

  @Column({ type: 'integer' })
  weightGrams!: number;

  @Column({ type: 'integer' })
  lengthMm!: number;

  @Column({ type: 'integer' })
  widthMm!: number;

  @Column({ type: 'integer' })
  heightMm!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
