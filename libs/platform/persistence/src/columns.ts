import type { ValueTransformer } from 'typeorm';

/**
 * Reads a Postgres `bigint` column (money in minor units, counters) as a JS number; the values
 * stay far below 2^53. `null` stays `null`.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
