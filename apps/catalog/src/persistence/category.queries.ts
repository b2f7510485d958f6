import type { EntityManager } from 'typeorm';

/** Takes the category tree's lock until `tx` ends: one move at a time. */
export async function lockCategoryTree(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('catalog:category-tree'))`);
}
