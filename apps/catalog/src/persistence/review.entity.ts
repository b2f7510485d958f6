import { Column, CreateDateColumn, Entity, Generated, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** A customer's review of a product; one per customer and product. */
@Entity({ name: 'reviews' })
export class ReviewEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Insertion order: the key of the newest-first review listing. */
  @Column({ type: 'bigint', transformer: bigintAsNumber, insert: false, update: false })
  @Generated('increment')
  seq!: number;

  @Column({ type: 'uuid' })
  productId!: string;

  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'smallint' })
  rating!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
