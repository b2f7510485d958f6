import type { ReportRange } from '../domain/business-time';
import { queryRows, type Db } from '@emporium/platform-persistence';

/** A customer's paid orders of a period. */
export interface CustomerPaymentsRow {
  customer_id: string;
  frequency: string;
  /** Paid totals, minor units. */
  monetary: string;
  last_paid_at: Date;
}

/** A paid order's total and item count. */
export interface OrderValueRow {
  total_amount: string;
  item_count: number | null;
}

/** Paid orders, their total and latest payment per customer of the period, by customer id. */
export function paymentsByCustomer(db: Db, range: ReportRange): Promise<CustomerPaymentsRow[]> {
  return queryRows<CustomerPaymentsRow>(
    db,
    `SELECT customer_id, count(*) AS frequency, sum(total_amount) AS monetary, max(paid_at) AS last_paid_at
     FROM fact_orders WHERE paid_at >= $1 AND paid_at < $2 AND customer_id IS NOT NULL
     GROUP BY customer_id ORDER BY customer_id`,
    [range.from, range.to],
  );
}

/** The SKU sets of the period's latest `limit` paid orders, each sorted, by order id. */
export async function paidBaskets(db: Db, range: ReportRange, limit: number): Promise<string[][]> {
  const rows = await queryRows<{ skus: string[] }>(
    db,
    `SELECT array_agg(DISTINCT l.sku ORDER BY l.sku) AS skus
     FROM (SELECT order_id FROM fact_orders WHERE paid_at >= $1 AND paid_at < $2
           ORDER BY paid_at DESC, order_id LIMIT $3) o
     JOIN fact_order_lines l USING (order_id) GROUP BY o.order_id ORDER BY o.order_id`,
    [range.from, range.to, limit],
  );
  return rows.map((r) => r.skus);
}

/** The totals of the period's paid orders, minor units. */
export async function paidOrderTotals(db: Db, range: ReportRange): Promise<number[]> {
  const rows = await queryRows<{ total_amount: string }>(
    db,
    'SELECT total_amount FROM fact_orders WHERE paid_at >= $1 AND paid_at < $2 AND total_amount IS NOT NULL',
    [range.from, range.to],
  );
  return rows.map((r) => Number(r.total_amount));
}

/** Total and item count of the period's latest `limit` paid orders. */
export function latestOrderValues(
  db: Db,
  range: ReportRange,
  limit: number,
): Promise<OrderValueRow[]> {
  return queryRows<OrderValueRow>(
    db,
    `SELECT total_amount, item_count FROM fact_orders
     WHERE paid_at >= $1 AND paid_at < $2 AND total_amount IS NOT NULL
     ORDER BY paid_at DESC LIMIT $3`,
    [range.from, range.to, limit],
  );
}
