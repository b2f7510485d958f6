import { ConflictError } from '@emporium/contracts';
import { assertMovable, buildTree, type CategoryNode } from './category-tree';

const node = (id: string, parentId: string | null, position = 0): CategoryNode => ({
  id,
  name: id,
  slug: id,
  parentId,
  position,
});

describe('category tree', () => {
  const flat = [
    node('phones', 'digital', 1),
    node('digital', null),
    node('laptops', 'digital', 0),
    node('food', null),
  ];

  it('nests children under parents in position order', () => {
    const tree = buildTree(flat);
    expect(tree.map((c) => c.id)).toEqual(['digital', 'food']);
    expect(tree[0].children.map((c) => c.id)).toEqual(['laptops', 'phones']);
  });

  it('lets a category move to another branch', () => {
    const parentOf = new Map(flat.map((n) => [n.id, n.parentId]));
    expect(() => assertMovable('phones', 'food', parentOf)).not.toThrow();
    expect(() => assertMovable('phones', null, parentOf)).not.toThrow();
  });

  it('refuses to move a category under itself or its descendants', () => {
    const parentOf = new Map(flat.map((n) => [n.id, n.parentId]));
    expect(() => assertMovable('digital', 'phones', parentOf)).toThrow(ConflictError);
    expect(() => assertMovable('digital', 'digital', parentOf)).toThrow(ConflictError);
  });
});
