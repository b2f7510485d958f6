import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { CategoryNode } from '../domain/category-tree';

/** A node of the category tree. */
@Entity({ name: 'categories' })
export class CategoryEntity implements CategoryNode {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'int', default: 0 })
  position!: number;

  /** searchable(name), its pinyin and initials: suggestions and the closest category. */
  @Column({ type: 'text', default: '' })
  searchName!: string;

  @Column({ type: 'text', default: '' })
  searchPinyin!: string;

  @Column({ type: 'text', default: '' })
  searchInitials!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
