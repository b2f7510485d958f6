import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@emporium/contracts';
import { counter } from '@emporium/platform-observability';
import type { QuarantineReason } from '../domain/cleaning';
import { insertQuarantined, quarantineUnknownProducts } from '../persistence/quarantine.queries';

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
    const inserted = await insertQuarantined(tx, {
      eventId: event.id,
      eventType: event.type,
      reason,
      detail: detail.slice(0, 1_000),
      payload,
    });
    if (inserted) quarantined.inc({ reason, type: event.type });
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
    const added = await quarantineUnknownProducts(tx, event.id, event.type, [
      ...new Set(productIds),
    ]);
    if (added) quarantined.inc({ reason: 'unknown-product', type: event.type }, added);
  }
}
