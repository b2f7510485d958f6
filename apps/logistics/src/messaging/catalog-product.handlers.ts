import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, ProductCreatedV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';

/** Keeps each variant's weight and size, which freight quotes and parcels are priced by. */
async function keepSpecs(product: ProductCreatedV1, tx: EntityManager): Promise<void> {
  for (const v of product.variants) {
    if (v.weightGrams === null) continue; // not shippable: nothing to price
    const d = v.dimensionsMm ?? { length: 0, width: 0, height: 0 };
    await tx.query(
      `INSERT INTO sku_specs (sku, weight_grams, length_mm, width_mm, height_mm) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sku) DO UPDATE SET weight_grams = $2, length_mm = $3, width_mm = $4, height_mm = $5, updated_at = now()`,
      [v.sku, v.weightGrams, d.length, d.width, d.height],
    );
  }
}

/** `product.created`: learn the new variants' weights and sizes. */
@Injectable()
@HandlesEvent('product.created')
export class ProductCreatedHandler implements EventHandler<'product.created'> {
  handle(event: EventEnvelope<'product.created', ProductCreatedV1>, tx: EntityManager) {
    return keepSpecs(event.data, tx);
  }
}

/** `product.updated`: the whole product again; replace what we kept. */
@Injectable()
@HandlesEvent('product.updated')
export class ProductUpdatedHandler implements EventHandler<'product.updated'> {
  handle(event: EventEnvelope<'product.updated', ProductCreatedV1>, tx: EntityManager) {
    return keepSpecs(event.data, tx);
  }
}
