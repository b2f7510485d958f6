import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A monthly product rollup beside the daily one (a year of top products reads twelve rows per
 * product instead of 365), filled from the daily rows already kept; and the stored answers of the
 * insight reports (segments, associations, forecast, stats), which compute over facts for seconds.
 */
export class InsightSnapshotsAndMonthlyProducts1764700000000 implements MigrationInterface {
  name = 'InsightSnapshotsAndMonthlyProducts1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE agg_product_monthly (
        month date NOT NULL,
        product_id text NOT NULL,
        units bigint NOT NULL,
        revenue bigint NOT NULL,
        orders bigint NOT NULL,
        PRIMARY KEY (month, product_id)
      )`);
    await db.query(`
      INSERT INTO agg_product_monthly (month, product_id, units, revenue, orders)
      SELECT date_trunc('month', day)::date, product_id, sum(units), sum(revenue), sum(orders)
      FROM agg_product_daily GROUP BY 1, 2`);
    // Recommendations read one product's orders over all time.
    await db.query(
      'CREATE INDEX agg_product_monthly_product ON agg_product_monthly (product_id, month) INCLUDE (orders)',
    );
    await db.query(`
      CREATE TABLE insight_snapshots (
        key text PRIMARY KEY,
        request jsonb NOT NULL,
        body json NOT NULL,
        computed_at timestamptz NOT NULL,
        requested_at timestamptz,
        refreshing_until timestamptz
      )`);
    await db.query('CREATE INDEX insight_snapshots_requested ON insight_snapshots (requested_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE insight_snapshots');
    await db.query('DROP TABLE agg_product_monthly');
  }
}
