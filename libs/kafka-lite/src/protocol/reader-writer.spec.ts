import fc from 'fast-check';
import { ProtocolError } from './protocol-error';
import { Reader } from './reader';
import { Writer } from './writer';

describe('Reader/Writer', () => {
  it('round-trips every fixed-size and length-prefixed type', () => {
    const big = Buffer.alloc(2000, 7);
    const w = new Writer(4)
      .int8(-5)
      .boolean(true)
      .int16(-32768)
      .int32(2147483647)
      .uint32(0xfffffffe)
      .int64(-1)
      .int64(2 ** 53 - 1)
      .string('héllo')
      .nullableString(null)
      .bytes(Buffer.from([1, 2, 3]))
      .nullableBytes(null)
      .bytes(big)
      .array([1, 2, 3], (w2, n) => w2.int32(n))
      .nullableArray(null, (w2, n: number) => w2.int32(n));
    const r = new Reader(w.toBuffer());
    expect(r.int8()).toBe(-5);
    expect(r.boolean()).toBe(true);
    expect(r.int16()).toBe(-32768);
    expect(r.int32()).toBe(2147483647);
    expect(r.uint32()).toBe(0xfffffffe);
    expect(r.int64()).toBe(-1);
    expect(r.int64()).toBe(2 ** 53 - 1);
    expect(r.string()).toBe('héllo');
    expect(r.nullableString()).toBeNull();
    expect([...r.bytes()]).toEqual([1, 2, 3]);
    expect(r.nullableBytes()).toBeNull();
    expect(r.bytes().equals(big)).toBe(true);
    expect(r.array((x) => x.int32())).toEqual([1, 2, 3]);
    expect(r.nullableArray((x) => x.int32())).toBeNull();
    expect(r.remaining()).toBe(0);
  });

  it('keeps large byte fields as references instead of copying them', () => {
    const big = Buffer.alloc(4096, 1);
    const chunks = new Writer().int32(1).raw(big).int32(2).toChunks();
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(big);
  });

  it('round-trips int64 values in the safe integer range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        (n) => {
          expect(new Reader(new Writer().int64(n).toBuffer()).int64()).toBe(n);
        },
      ),
    );
  });

  it('round-trips zig-zag varints and varlongs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2147483648, max: 2147483647 }),
        fc.maxSafeInteger(),
        (i, l) => {
          const r = new Reader(
            new Writer()
              .varint(i)
              .varlong(l)
              .varlong(0 - l)
              .toBuffer(),
          );
          expect(r.varint()).toBe(i);
          expect(r.varlong()).toBe(l);
          expect(r.varlong()).toBe(0 - l || 0);
        },
      ),
    );
  });

  it('encodes varints the way Kafka does', () => {
    expect([...new Writer().varint(0).toBuffer()]).toEqual([0]);
    expect([...new Writer().varint(-1).toBuffer()]).toEqual([1]);
    expect([...new Writer().varint(1).toBuffer()]).toEqual([2]);
    expect([...new Writer().varint(300).toBuffer()]).toEqual([0xd8, 0x04]);
  });

  it('throws ProtocolError on truncated or invalid input, never returning garbage', () => {
    expect(() => new Reader(Buffer.from([0, 5, 97])).string()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0xff, 0xfe])).nullableString()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0, 0, 0, 9, 1])).bytes()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])).array((x) => x.int32())).toThrow(
      ProtocolError,
    );
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xfe])).array((x) => x.int8())).toThrow(
      ProtocolError,
    );
    expect(() => new Reader(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])).varint()).toThrow(
      ProtocolError,
    );
    expect(() => new Reader(Buffer.alloc(3)).int32()).toThrow(ProtocolError);
  });

  it('never throws anything but ProtocolError on random input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const r = new Reader(Buffer.from(bytes));
        try {
          r.string();
          r.array((x) => ({ a: x.nullableBytes(), b: x.varint(), c: x.varlong() }));
        } catch (err) {
          expect(err).toBeInstanceOf(ProtocolError);
        }
      }),
    );
  });
});
