import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductCreatedV1 } from '@emporium/contracts';
import { upsertSkuSpec } from '../persistence/sku-spec.queries';

/** A variant with no size is priced as a parcel of its weight alone. */
const NO_DIMENSIONS = { length: 0, width: 0, height: 0 };

/** The weight and size of each variant catalog announces, which freight quotes and parcels are priced by. */
@Injectable()
export class SkuSpecsService {
  /** Keeps the product's variants' weights and sizes, replacing what was kept for them. */
  async keep(tx: EntityManager, product: ProductCreatedV1): Promise<void> {
    for (const v of product.variants) {
      if (v.weightGrams === null) continue; // not shippable: nothing to price
      await upsertSkuSpec(tx, {
        sku: v.sku,
        weightGrams: v.weightGrams,
        dimensionsMm: v.dimensionsMm ?? NO_DIMENSIONS,
      });
    }
  }
}
