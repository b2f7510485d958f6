/** Reads Postgres `bigint` money columns (fen) as numbers; amounts stay far below 2^53. */
export const fen = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
