import fc from 'fast-check';
import { InvalidCursorError, decodeCursor, encodeCursor } from './cursor';

describe('page cursors', () => {
  it('decode to what was encoded', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.uuid(), (key, id) => {
        expect(decodeCursor(encodeCursor({ sort: 'price_asc', key, id }), 'price_asc')).toEqual({
          sort: 'price_asc',
          key,
          id,
        });
      }),
    );
  });

  it('are URL-safe', () => {
    const text = encodeCursor({
      sort: 'relevance:华为?&/=',
      key: 130,
      id: '0b5a3b9e-6a43-4c8e-9a57-0c8c3f0d2a11',
    });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuse a cursor made for another listing', () => {
    const text = encodeCursor({ sort: 'newest', key: 5, id: 'x' });
    expect(() => decodeCursor(text, 'price_asc')).toThrow(InvalidCursorError);
  });

  it.each([
    'garbage',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["newest",1.5,"0b5a3b9e-6a43-4c8e-9a57-0c8c3f0d2a11"]').toString('base64url'),
    Buffer.from('["newest","abc","0b5a3b9e-6a43-4c8e-9a57-0c8c3f0d2a11"]').toString('base64url'),
    Buffer.from('["newest",5,"not-a-uuid"]').toString('base64url'),
  ])('refuse the forged cursor %p', (text) =>
    expect(() => decodeCursor(text, 'newest')).toThrow(InvalidCursorError),
  );
});
