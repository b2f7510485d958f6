import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { ExportDataset } from '@emporium/contracts';
import type { ReportRange } from '../domain/business-time';
import { csvLine } from '../domain/report-math';

export type { ExportDataset };

const PAGE = 5_000;

/**
 * CSV exports streamed page by page (keyset pagination), so a year of orders never sits in
 * memory and the first bytes leave at once.
 */
@Injectable()
export class ExportService {
  constructor(private readonly db: DataSource) {}

  stream(dataset: ExportDataset, range: ReportRange): Readable {
    return Readable.from(dataset === 'orders' ? this.orders(range) : this.sales(range));
  }

  private async *orders(range: ReportRange): AsyncGenerator<string> {
    yield csvLine([
      'order_id',
      'number',
      'customer_id',
      'province',
      'paid_at',
      'currency',
      'total_amount',
      'item_count',
      'refunded_amount',
      'payment_method',
      'session_id',
      'cancelled_at',
    ]);
    let after: { paidAt: Date; orderId: string } | null = null;
    for (;;) {
      const rows = (await this.db.query(
        `SELECT order_id, number, customer_id, province, paid_at, currency, total_amount, item_count,
                refunded_amount, payment_method, session_id, cancelled_at
         FROM fact_orders
         WHERE paid_at >= $1 AND paid_at < $2 AND ($3::timestamptz IS NULL OR (paid_at, order_id) > ($3, $4))
         ORDER BY paid_at, order_id LIMIT $5`,
        [range.from, range.to, after?.paidAt ?? null, after?.orderId ?? '', PAGE],
      )) as Record<string, unknown>[];
      yield rows.map((r) => csvLine(Object.values(r))).join('');
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { paidAt: last.paid_at as Date, orderId: last.order_id as string };
    }
  }

  private async *sales(range: ReportRange): AsyncGenerator<string> {
    yield csvLine(['day', 'orders', 'gmv_amount', 'items', 'refunds_amount', 'currency']);
    const rows = (await this.db.query(
      `SELECT to_char(hour AT TIME ZONE $3, 'YYYY-MM-DD') AS day, sum(orders) AS orders,
              sum(gmv) AS gmv, sum(items) AS items, sum(refunds) AS refunds, 'CNY' AS currency
       FROM agg_sales_hourly WHERE hour >= date_trunc('hour', $1::timestamptz) AND hour < $2
       GROUP BY 1 ORDER BY 1`,
      [range.from, range.to, range.timeZone],
    )) as Record<string, unknown>[];
    yield rows.map((r) => csvLine(Object.values(r))).join('');
  }
}
