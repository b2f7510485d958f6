import { ConflictError } from '@emporium/contracts';

/** A category as stored: a node pointing at its parent. */
export interface CategoryNode {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly parentId: string | null;
  readonly position: number;
}

/** A category with its children, as the tree endpoint answers. */
export interface CategoryTree {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly children: CategoryTree[];
}

/** Nests flat categories under their parents, siblings by position then name. */
export function buildTree(nodes: readonly CategoryNode[]): CategoryTree[] {
  const sorted = [...nodes].sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name, 'zh'),
  );
  const byId = new Map<string, CategoryTree>();
  for (const n of sorted) byId.set(n.id, { id: n.id, name: n.name, slug: n.slug, children: [] });
  const roots: CategoryTree[] = [];
  for (const n of sorted) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(byId.get(n.id)!);
  }
  return roots;
}

/** Refuses to move `id` under `newParentId` when that would put it inside its own subtree. */
export function assertMovable(
  id: string,
  newParentId: string | null,
  parentOf: ReadonlyMap<string, string | null>,
): void {
  for (let at = newParentId; at; at = parentOf.get(at) ?? null) {
    if (at === id) {
      throw new ConflictError('category-cycle', 'A category cannot move into its own subtree');
    }
  }
}
