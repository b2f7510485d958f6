import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ProductStatus } from '@emporium/contracts';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** A product with its listing read model (price from, availability, sales, rating) kept beside it. */
@Entity({ name: 'products' })
export class ProductEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Insertion order: the stable key of the "newest" sort. */
  @Column({ type: 'bigint', transformer: bigintAsNumber, insert: false, update: false })
  @Generated('increment')
  seq!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'uuid' })
  categoryId!: string;

  @Column({ type: 'text' })
  status!: ProductStatus;

  @Column({ type: 'boolean' })
  shippable!: boolean;

  @Column({ type: 'jsonb' })
  attributes!: Record<string, string>;

  @Column({ type: 'jsonb' })
  images!: string[];

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  priceFromAmount!: number;

  @Column({ type: 'text' })
  currency!: string;

  /** True while any variant has stock (from logistics.inventory events). */
  @Column({ type: 'boolean', default: false })
  available!: boolean;

  /** Units sold (from order.paid events): the "best selling" sort. */
  @Column({ type: 'bigint', transformer: bigintAsNumber, default: 0 })
  soldUnits!: number;

  @Column({ type: 'int', default: 0 })
  ratingCount!: number;

  @Column({ type: 'int', default: 0 })
  ratingSum!: number;

  /** searchable(name): what name queries match, trigram-indexed. */
  @Column({ type: 'text' })
  searchName!: string;

  /** searchable(description), trigram-indexed. */
  @Column({ type: 'text' })
  searchDescription!: string;

  /** The name with its Chinese spelt in pinyin (`shouji`), trigram- and prefix-indexed. */
  @Column({ type: 'text', default: '' })
  searchPinyin!: string;

  /** The initials of the name's Chinese runs (`sj`), trigram- and prefix-indexed. */
  @Column({ type: 'text', default: '' })
  searchInitials!: string;

  /** The Chinese character pairs of name and description: a two-character term is one lookup. */
  @Column({ type: 'text', array: true, default: '{}' })
  searchBigrams!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
