import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ContentBlock, ContentStatus } from '@emporium/contracts';
import { bigintAsNumber } from '@emporium/platform-persistence';

/** An article or buying guide; its HTML blocks are stored already sanitised. */
@Entity({ name: 'content_pages' })
export class ContentPageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Insertion order: the stable key of the merchant listing. */
  @Column({ type: 'bigint', transformer: bigintAsNumber, insert: false, update: false })
  @Generated('increment')
  seq!: number;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  blocks!: ContentBlock[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  linkedProductIds!: string[];

  @Column({ type: 'text', nullable: true })
  campaign!: string | null;

  @Column({ type: 'text' })
  status!: ContentStatus;

  @Column({ type: 'timestamptz', nullable: true })
  publishAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  unpublishAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A banner in a placement (`home-top`, `category:<uuid>`). */
@Entity({ name: 'content_banners' })
export class ContentBannerEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber, insert: false, update: false })
  @Generated('increment')
  seq!: number;

  @Column({ type: 'text' })
  placement!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  imageUrl!: string;

  @Column({ type: 'text' })
  linkUrl!: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  linkedProductIds!: string[];

  @Column({ type: 'text', nullable: true })
  campaign!: string | null;

  @Column({ type: 'text' })
  status!: ContentStatus;

  @Column({ type: 'timestamptz', nullable: true })
  publishAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  unpublishAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  priority!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
