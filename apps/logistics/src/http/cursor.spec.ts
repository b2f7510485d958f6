import fc from 'fast-check';
import { BadRequestError } from '@emporium/contracts';
import { decodeCursor, encodeCursor, isInstant, pageLimit, pageOf } from './cursor';

describe('list cursors', () => {
  const id = '0b7f3c1e-2a4d-4e8f-9c1a-5d6e7f8a9b0c';

  it('reads back exactly what it wrote', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uuid(), (key, id) => {
        expect(decodeCursor(encodeCursor({ key, id }), () => true)).toEqual({ key, id });
      }),
    );
  });

  it('refuses with 400 anything it did not write', () => {
    const bad = [
      'not base64 json',
      Buffer.from('["a"]').toString('base64url'),
      Buffer.from(JSON.stringify(['a', 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify([1, id])).toString('base64url'),
      encodeCursor({ key: '2026-02-31T00:00:00.000Z', id }),
      encodeCursor({ key: '2026-01-01', id }),
    ];
    for (const cursor of bad)
      expect(() => decodeCursor(cursor, isInstant)).toThrow(BadRequestError);
    expect(decodeCursor(undefined, isInstant)).toBeUndefined();
    expect(decodeCursor(encodeCursor({ key: '2026-01-01T08:00:00.123Z', id }), isInstant)).toEqual({
      key: '2026-01-01T08:00:00.123Z',
      id,
    });
  });

  it('pages 20 by default and never more than 100', () => {
    expect([pageLimit(undefined), pageLimit(5), pageLimit(500)]).toEqual([20, 5, 100]);
  });

  it('hands a cursor to the last item only when there is more', () => {
    const rows = [1, 2, 3].map((n) => ({ n, id }));
    const keyOf = (r: { n: number; id: string }) => ({ key: String(r.n), id: r.id });
    const more = pageOf(rows, 2, keyOf);
    expect(more.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(more.nextCursor!, () => true)).toEqual({ key: '2', id });
    expect(pageOf(rows, 3, keyOf)).toEqual({ items: rows, nextCursor: null });
  });
});
