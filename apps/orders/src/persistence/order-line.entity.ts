import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** A priced line of an order; `lineTotal` is what a return of the whole line refunds. */
@Entity({ name: 'order_lines' })
export class OrderLineEntity {
  @PrimaryColumn({ type: 'uuid' })
  orderId!: string;

  @PrimaryColumn({ type: 'int' })
  lineNo!: number;

  @Column({ type: 'text' })
  sku!: string;

  @Column({ type: 'uuid' })
  productId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  unitPriceAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  discountAmount!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  lineTotalAmount!: number;

  @Column({ type: 'int', default: 0 })
  weightGrams!: number;

  /** Set on units sold at a flash-sale price. */
  @Column({ type: 'uuid', nullable: true })
  flashSalePromotionId!: string | null;

  /** A free gift of a GIFT promotion. */
  @Column({ type: 'boolean', default: false })
  gift!: boolean;

  /** Units in returns that were not rejected. */
  @Column({ type: 'int', default: 0 })
  returnedQuantity!: number;
}
