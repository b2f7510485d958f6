import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { counter } from '@emporium/platform-observability';
import type { QuarantineReason } from '../domain/cleaning';

const quarantined = counter('analytics_quarantined_total', 'Events or parts of events set aside', [
  'reason',
  'type',
]);

/** The quarantine table: what analytics could not use, with why, for people to look at. */
@Injectable()
export class QuarantineService {
  async put(
    tx: EntityManager,
    event: EventEnvelope,
    reason: QuarantineReason,
    detail: string,
    payload: unknown = event,
  ): Promise<void> {
    const rows = (await tx.query(
      `INSERT INTO quarantine (event_id, event_type, reason, detail, payload) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id, reason, detail) DO NOTHING RETURNING id`,
      [event.id, event.type, reason, detail.slice(0, 1_000), JSON.stringify(payload ?? null)],
    )) as unknown[];
    if (rows.length) quarantined.inc({ reason, type: event.type });
  }

  /**
   * Records each referenced product the catalog has not announced (yet); the facts stay. An entry
   * counts as open while the product is still unknown, decided when reading: a product committed
   * concurrently with this transaction would not see an entry to close.
   */
  async unknownProducts(
    tx: EntityManager,
    event: EventEnvelope,
    productIds: readonly string[],
  ): Promise<void> {
    const rows = (await tx.query(
      `INSERT INTO quarantine (event_id, event_type, reason, detail, product_id)
       SELECT $1, $2, 'unknown-product', 'product ' || p, p
       FROM unnest($3::text[]) AS p
       WHERE NOT EXISTS (SELECT 1 FROM dim_products d WHERE d.product_id = p)
       ON CONFLICT (event_id, reason, detail) DO NOTHING RETURNING id`,
      [event.id, event.type, [...new Set(productIds)]],
    )) as unknown[];
    if (rows.length) quarantined.inc({ reason: 'unknown-product', type: event.type }, rows.length);
  }
}
