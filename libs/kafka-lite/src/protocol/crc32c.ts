// CRC-32C (Castagnoli), as used by Kafka record batches. Slicing-by-8 tables keep it fast enough
// to verify every produced batch and to scan log tails on recovery.
const POLY = 0x82f63b78;
const TABLES: Uint32Array[] = [];

(function buildTables(): void {
  const t0 = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t0[i] = c >>> 0;
  }
  TABLES.push(t0);
  for (let t = 1; t < 8; t++) {
    const prev = TABLES[t - 1];
    const cur = new Uint32Array(256);
    for (let i = 0; i < 256; i++) cur[i] = (prev[i] >>> 8) ^ t0[prev[i] & 0xff];
    TABLES.push(cur);
  }
})();

const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES;

/** Computes the CRC-32C of `buf[start, end)`, optionally continuing from a previous value. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length, previous = 0): number {
  let crc = ~previous >>> 0;
  let i = start;
  while (end - i >= 8) {
    const a = (crc ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24))) >>> 0;
    crc =
      T7[a & 0xff] ^
      T6[(a >>> 8) & 0xff] ^
      T5[(a >>> 16) & 0xff] ^
      T4[a >>> 24] ^
      T3[buf[i + 4]] ^
      T2[buf[i + 5]] ^
      T1[buf[i + 6]] ^
      T0[buf[i + 7]];
    i += 8;
  }
  while (i < end) crc = T0[(crc ^ buf[i++]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
