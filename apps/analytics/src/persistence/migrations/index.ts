import type { MigrationClass } from '@emporium/platform-persistence';
import { CreateAnalytics1764600000000 } from './1764600000000-create-analytics';
import { InsightSnapshotsAndMonthlyProducts1764700000000 } from './1764700000000-insight-snapshots-and-monthly-products';

/** The analytics service's own migrations, in order (outbox and inbox come from the platform). */
export const migrations: MigrationClass[] = [
  CreateAnalytics1764600000000,
  InsightSnapshotsAndMonthlyProducts1764700000000,
];

/** Tables a replay empties before reading the topics again (dimensions seeded by migrations stay). */
export const REBUILT_TABLES = [
  'insight_snapshots',
  'quarantine',
  'agg_product_monthly',
  'agg_product_pairs',
  'agg_channel_daily',
  'agg_province_daily',
  'agg_product_daily',
  'agg_sales_hourly',
  'fact_sessions',
  'fact_behavior_events',
  'fact_stock_movements',
  'fact_tickets',
  'fact_shipments',
  'fact_returns',
  'fact_refunds',
  'fact_payments',
  'fact_order_lines',
  'fact_orders',
  'dim_customers',
  'dim_products',
  'dim_categories',
] as const;
