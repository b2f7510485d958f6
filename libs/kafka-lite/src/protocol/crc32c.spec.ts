import { crc32c } from './crc32c';

describe('crc32c', () => {
  // Vectors from RFC 3720 (iSCSI) appendix B.4 and the common "123456789" check value.
  it.each([
    ['check string', Buffer.from('123456789'), 0xe3069283],
    ['empty', Buffer.alloc(0), 0],
    ['32 zero bytes', Buffer.alloc(32, 0), 0x8a9136aa],
    ['32 0xff bytes', Buffer.alloc(32, 0xff), 0x62a8ab43],
    ['32 incrementing bytes', Buffer.from(Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e],
    [
      '32 decrementing bytes',
      Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)),
      0x113fdb5c,
    ],
  ])('matches the known value for %s', (_name, input, expected) => {
    expect(crc32c(input)).toBe(expected);
  });

  it('computes a sub-range and continues from a previous value', () => {
    const data = Buffer.from('xx123456789yy');
    expect(crc32c(data, 2, 11)).toBe(0xe3069283);
    const partial = crc32c(data, 2, 6);
    expect(crc32c(data, 6, 11, partial)).toBe(0xe3069283);
  });
});
