import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { ExportDataset } from '@emporium/contracts';
import type { ReportRange } from '../domain/business-time';
import { csvLine } from '../domain/report-math';
import {
  dailySalesForExport,
  paidOrdersPage,
  type PaidOrderCursor,
} from '../persistence/export.queries';

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
    let after: PaidOrderCursor | null = null;
    for (;;) {
      const rows = await paidOrdersPage(this.db, range, after, PAGE);
      yield rows.map((r) => csvLine(Object.values(r))).join('');
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = { paidAt: last.paid_at, orderId: last.order_id };
    }
  }

  private async *sales(range: ReportRange): AsyncGenerator<string> {
    yield csvLine(['day', 'orders', 'gmv_amount', 'items', 'refunds_amount', 'currency']);
    const rows = await dailySalesForExport(this.db, range);
    yield rows.map((r) => csvLine(Object.values(r))).join('');
  }
}
