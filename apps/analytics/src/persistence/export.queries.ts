import type { ReportRange } from '../domain/business-time';
import { queryRows, type Db } from '@emporium/platform-persistence';

/** A paid order as the orders export writes it: the fields in the CSV's column order. */
export interface ExportedOrderRow {
  order_id: string;
  number: string | null;
  customer_id: string | null;
  province: string | null;
  paid_at: Date;
  currency: string;
  total_amount: string | null;
  item_count: number | null;
  refunded_amount: string;
  payment_method: string | null;
  session_id: string | null;
  cancelled_at: Date | null;
}

/** A day's sales as the sales export writes them: the fields in the CSV's column order. */
export interface ExportedSalesDayRow {
  day: string;
  orders: string;
  gmv: string;
  items: string;
  refunds: string;
  currency: string;
}

/** The position after which the next page of paid orders starts. */
export interface PaidOrderCursor {
  readonly paidAt: Date;
  readonly orderId: string;
}

/** Up to `limit` paid orders of a period after `after` (keyset pagination), by payment time. */
export function paidOrdersPage(
  db: Db,
  range: ReportRange,
  after: PaidOrderCursor | null,
  limit: number,
): Promise<ExportedOrderRow[]> {
  return queryRows<ExportedOrderRow>(
    db,
    `SELECT order_id, number, customer_id, province, paid_at, currency, total_amount, item_count,
            refunded_amount, payment_method, session_id, cancelled_at
     FROM fact_orders
     WHERE paid_at >= $1 AND paid_at < $2 AND ($3::timestamptz IS NULL OR (paid_at, order_id) > ($3, $4))
     ORDER BY paid_at, order_id LIMIT $5`,
    [range.from, range.to, after?.paidAt ?? null, after?.orderId ?? '', limit],
  );
}

/** Each day's sales of a period in its time zone, in CNY. */
export function dailySalesForExport(db: Db, range: ReportRange): Promise<ExportedSalesDayRow[]> {
  return queryRows<ExportedSalesDayRow>(
    db,
    `SELECT to_char(hour AT TIME ZONE $3, 'YYYY-MM-DD') AS day, sum(orders) AS orders,
            sum(gmv) AS gmv, sum(items) AS items, sum(refunds) AS refunds, 'CNY' AS currency
     FROM agg_sales_hourly WHERE hour >= date_trunc('hour', $1::timestamptz) AND hour < $2
     GROUP BY 1 ORDER BY 1`,
    [range.from, range.to, range.timeZone],
  );
}
