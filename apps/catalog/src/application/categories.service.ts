import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  type CategoryView,
} from '@emporium/contracts';
import { transaction } from '@emporium/platform-persistence';
import { assertMovable, buildTree } from '../domain/category-tree';
import { slugFor } from '../domain/slug';
import { categorySearchColumns } from '../domain/search-keys';
import { CategoryEntity } from '../persistence/category.entity';
import { lockCategoryTree } from '../persistence/category.queries';
import { CatalogCache } from './catalog-cache';
import { rethrowUniqueViolation } from './unique-violation';

/** A new category. */
export interface CategoryInput {
  readonly name: string;
  readonly slug?: string;
  readonly parentId?: string | null;
  readonly position?: number;
}

/** A rename, re-slug or move (`parentId: null` moves to the top level). */
export type CategoryChange = Partial<CategoryInput>;

/** The category tree: create, rename, move. */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: CatalogCache,
  ) {}

  async tree(): Promise<CategoryView[]> {
    return buildTree(await this.db.manager.find(CategoryEntity));
  }

  async create(input: CategoryInput): Promise<CategoryView> {
    const category = await transaction(this.db, async (tx) => {
      if (input.parentId && !(await tx.existsBy(CategoryEntity, { id: input.parentId }))) {
        throw new BusinessRuleError('category-not-found', `No parent category ${input.parentId}`);
      }
      const id = randomUUID();
      const slug = input.slug ?? slugFor(input.name, id);
      if (await tx.existsBy(CategoryEntity, { slug })) {
        throw new ConflictError('slug-taken', `Another category already uses the slug ${slug}`);
      }
      const row = tx.create(CategoryEntity, {
        id,
        name: input.name,
        slug,
        parentId: input.parentId ?? null,
        position: input.position ?? 0,
        ...categorySearchColumns(input.name),
      });
      await tx.insert(CategoryEntity, row);
      return row;
    }).catch(rethrowUniqueViolation);
    return { id: category.id, name: category.name, slug: category.slug, children: [] };
  }

  async update(id: string, change: CategoryChange): Promise<CategoryView> {
    await transaction(this.db, async (tx) => {
      // One move at a time, so two concurrent moves cannot build a cycle between them.
      await lockCategoryTree(tx);
      const category = await tx.findOneBy(CategoryEntity, { id });
      if (!category) throw new NotFoundError('category-not-found', `No category ${id}`);
      if (change.parentId !== undefined && change.parentId !== category.parentId) {
        const all = await tx.find(CategoryEntity);
        if (change.parentId && !all.some((c) => c.id === change.parentId)) {
          throw new BusinessRuleError(
            'category-not-found',
            `No parent category ${change.parentId}`,
          );
        }
        assertMovable(id, change.parentId, new Map(all.map((c) => [c.id, c.parentId])));
        category.parentId = change.parentId;
      }
      if (change.slug && change.slug !== category.slug) {
        if (await tx.existsBy(CategoryEntity, { slug: change.slug, id: Not(id) })) {
          throw new ConflictError(
            'slug-taken',
            `Another category already uses the slug ${change.slug}`,
          );
        }
        category.slug = change.slug;
      }
      category.name = change.name ?? category.name;
      Object.assign(category, categorySearchColumns(category.name));
      category.position = change.position ?? category.position;
      await tx.save(category);
    }).catch(rethrowUniqueViolation);
    // A move changes which products a category listing holds.
    await this.cache.invalidate([]);
    const found = findIn(await this.tree(), id);
    if (!found) throw new NotFoundError('category-not-found', `No category ${id}`);
    return found;
  }
}

function findIn(nodes: readonly CategoryView[], id: string): CategoryView | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const inside = findIn(node.children, id);
    if (inside) return inside;
  }
  return undefined;
}
