import type { ValueTransformer } from 'typeorm';

/** Maps a `bigint` money column (minor units) to a number; amounts stay below 2^53. */
export const moneyColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
