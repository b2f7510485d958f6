import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each stock row's last replenishment plan (forecast, reorder point, order-up-to level), so
 * suggestions read it with the live stock instead of forecasting on every request.
 */
export class CreateReplenishmentPlans1796760000000 implements MigrationInterface {
  name = 'CreateReplenishmentPlans1796760000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE replenishment_plans (
        warehouse_id uuid NOT NULL,
        sku text NOT NULL,
        daily_demand double precision NOT NULL,
        lead_time_days integer NOT NULL,
        lead_time_demand double precision NOT NULL,
        safety_stock double precision NOT NULL,
        reorder_point integer NOT NULL,
        order_up_to integer NOT NULL,
        min_order_quantity integer NOT NULL,
        supplier_id uuid,
        method text NOT NULL,
        planned_at timestamptz NOT NULL,
        PRIMARY KEY (warehouse_id, sku),
        FOREIGN KEY (warehouse_id, sku) REFERENCES stock_levels ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE replenishment_plans');
  }
}
