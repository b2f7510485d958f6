import type { MigrationInterface, QueryRunner } from 'typeorm';
import { catalogWords, deletionVariants, searchKeys } from '../../domain/search-keys';
import { searchable } from '../../domain/search-query';

const BATCH = 1_000;

/**
 * Search the way Chinese shoppers type (docs/search.md): pinyin, initials and character pairs
 * beside every product, searchable category names, the typo vocabulary, merchant synonyms and the
 * daily count of search terms. Existing rows are filled in here, with the same functions the
 * service writes them with (traditional characters are now folded into simplified ones too).
 */
export class SearchKeys1796688625197 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE products
        ADD COLUMN search_pinyin text NOT NULL DEFAULT '',
        ADD COLUMN search_initials text NOT NULL DEFAULT '',
        ADD COLUMN search_bigrams text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      ALTER TABLE categories
        ADD COLUMN search_name text NOT NULL DEFAULT '',
        ADD COLUMN search_pinyin text NOT NULL DEFAULT '',
        ADD COLUMN search_initials text NOT NULL DEFAULT ''`);
    await q.query(`
      CREATE TABLE search_words (
        word text NOT NULL,
        display text NOT NULL,
        variants text[] NOT NULL,
        products int NOT NULL DEFAULT 1,
        PRIMARY KEY (word, display)
      )`);
    await q.query(`
      CREATE TABLE search_synonym_groups (
        position int PRIMARY KEY,
        terms text[] NOT NULL
      )`);
    await q.query(`
      CREATE TABLE search_term_days (
        day date NOT NULL,
        term text NOT NULL,
        searches int NOT NULL,
        zero_results int NOT NULL,
        PRIMARY KEY (day, term)
      )`);
    await this.fill(q);
    // Pinyin and initials are searched anywhere (trigrams) and completed from their start (btree).
    for (const column of ['search_pinyin', 'search_initials'])
      await q.query(
        `CREATE INDEX products_${column}_trgm ON products USING gin (${column} gin_trgm_ops)`,
      );
    await q.query('CREATE INDEX products_search_bigrams ON products USING gin (search_bigrams)');
    for (const column of ['search_name', 'search_pinyin', 'search_initials'])
      await q.query(
        `CREATE INDEX products_${column}_prefix ON products (${column} text_pattern_ops) WHERE status = 'ACTIVE'`,
      );
    await q.query('CREATE INDEX search_words_variants ON search_words USING gin (variants)');
    await q.query('CREATE INDEX search_term_days_term ON search_term_days (term text_pattern_ops)');
  }

  private async fill(q: QueryRunner): Promise<void> {
    const categories: { id: string; name: string }[] = await q.query(
      'SELECT id, name FROM categories',
    );
    for (const c of categories) {
      const name = searchable(c.name);
      const keys = searchKeys(name, '');
      await q.query(
        'UPDATE categories SET search_name = $2, search_pinyin = $3, search_initials = $4 WHERE id = $1',
        [c.id, name, keys.pinyin, keys.initials],
      );
    }
    for (let after = -1; ;) {
      const rows: { seq: string; id: string; name: string; description: string }[] = await q.query(
        'SELECT seq, id, name, description FROM products WHERE seq > $1 ORDER BY seq LIMIT $2',
        [after, BATCH],
      );
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1].seq);
      const filled = rows.map((r) => {
        const name = searchable(r.name);
        const description = searchable(r.description);
        return { id: r.id, name, description, keys: searchKeys(name, description) };
      });
      await q.query(
        `UPDATE products p SET search_name = f.name, search_description = f.description,
                search_pinyin = f.pinyin, search_initials = f.initials,
                search_bigrams = ARRAY(SELECT json_array_elements_text(f.bigrams))
           FROM json_to_recordset($1::json)
                AS f(id uuid, name text, description text, pinyin text, initials text, bigrams json)
          WHERE p.id = f.id`,
        [
          JSON.stringify(
            filled.map((f) => ({
              id: f.id,
              name: f.name,
              description: f.description,
              pinyin: f.keys.pinyin,
              initials: f.keys.initials,
              bigrams: f.keys.grams,
            })),
          ),
        ],
      );
      const words = new Map<string, { word: string; display: string; products: number }>();
      for (const w of filled.flatMap((f) => catalogWords(f.name))) {
        const key = `${w.word}\u0000${w.display}`;
        const seen = words.get(key);
        words.set(key, { ...w, products: (seen?.products ?? 0) + 1 });
      }
      await q.query(
        `INSERT INTO search_words (word, display, variants, products)
         SELECT w.word, w.display, ARRAY(SELECT json_array_elements_text(w.variants)), w.products
           FROM json_to_recordset($1::json) AS w(word text, display text, variants json, products int)
         ON CONFLICT (word, display) DO UPDATE SET products = search_words.products + excluded.products`,
        [
          JSON.stringify(
            [...words.values()].map((w) => ({ ...w, variants: deletionVariants(w.word) })),
          ),
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE search_term_days, search_synonym_groups, search_words');
    await q.query(
      'ALTER TABLE categories DROP COLUMN search_name, DROP COLUMN search_pinyin, DROP COLUMN search_initials',
    );
    await q.query(
      'ALTER TABLE products DROP COLUMN search_pinyin, DROP COLUMN search_initials, DROP COLUMN search_bigrams',
    );
  }
}
