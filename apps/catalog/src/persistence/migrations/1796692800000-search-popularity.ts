import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SearchShortGrams1796690400000 } from './1796690400000-search-short-grams';

/**
 * Products in popularity order (units sold, then average rating in hundredths), the relevance of
 * a search within a match rank: a common term's first page is taken from the most popular products
 * without ranking its thousands of matches (docs/search.md "Speed"). The expression is the one
 * `product.queries.ts` orders by, word for word, so the planner can use the index. The initials'
 * pairs among the short grams are now marked apart from text pairs, so the grams are filled again.
 */
export class SearchPopularity1796692800000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX products_popularity ON products (
        (least(sold_units, 999999999) * 1000 + CASE WHEN rating_count > 0 THEN (rating_sum * 100 + rating_count / 2) / rating_count ELSE 0 END) DESC,
        id
      ) WHERE status = 'ACTIVE'`);
    await new SearchShortGrams1796690400000().up(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX products_popularity');
  }
}
