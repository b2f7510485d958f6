import fc from 'fast-check';
import { FrameDecoder, FrameError } from './frame-decoder';

const frame = (payload: Buffer): Buffer => {
  const head = Buffer.alloc(4);
  head.writeInt32BE(payload.length);
  return Buffer.concat([head, payload]);
};

describe('FrameDecoder', () => {
  it('returns every frame whatever the chunking of the stream', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 20 }),
        (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map((p) => frame(Buffer.from(p))));
          const decoder = new FrameDecoder(1024);
          const out: Buffer[] = [];
          let pos = 0;
          let k = 0;
          while (pos < stream.length) {
            const n = cuts[k++ % cuts.length];
            out.push(...decoder.push(stream.subarray(pos, pos + n)));
            pos += n;
          }
          expect(out.map((b) => [...b])).toEqual(payloads.map((p) => [...p]));
          expect(decoder.pendingBytes).toBe(0);
        },
      ),
    );
  });

  it('returns a frame inside one chunk as a view, without copying', () => {
    const chunk = Buffer.concat([frame(Buffer.from('abc')), frame(Buffer.from('de'))]);
    const [a, b] = new FrameDecoder(100).push(chunk);
    expect(a.buffer).toBe(chunk.buffer);
    expect(b.toString()).toBe('de');
  });

  it('refuses oversized and negative frame sizes', () => {
    const big = Buffer.alloc(4);
    big.writeInt32BE(101);
    expect(() => new FrameDecoder(100).push(big)).toThrow(FrameError);
    expect(() => new FrameDecoder(100).push(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toThrow(
      FrameError,
    );
  });
});
