import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchKeys } from '../../domain/search-keys';

const BATCH = 1_000;

/**
 * `search_bigrams` holds every short gram (single Chinese characters, pairs inside Latin words and
 * initials too, docs/search.md), so one- and two-character terms of any script are one indexed
 * lookup; rows written with Chinese pairs only are filled in again.
 */
export class SearchShortGrams1796690400000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    for (let after = -1; ;) {
      const rows: { seq: string; id: string; search_name: string; search_description: string }[] =
        await q.query(
          `SELECT seq, id, search_name, search_description FROM products
            WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [after, BATCH],
        );
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1].seq);
      await q.query(
        `UPDATE products p SET search_bigrams = ARRAY(SELECT json_array_elements_text(f.grams))
           FROM json_to_recordset($1::json) AS f(id uuid, grams json)
          WHERE p.id = f.id`,
        [
          JSON.stringify(
            rows.map((r) => ({
              id: r.id,
              grams: searchKeys(r.search_name, r.search_description).grams,
            })),
          ),
        ],
      );
    }
  }

  async down(): Promise<void> {
    // The wider grams are a superset of the pairs: searches stay correct with them.
  }
}
