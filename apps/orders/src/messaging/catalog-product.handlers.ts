import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { CatalogClient } from '../application/catalog-client';

/** A new price is shown in carts at once rather than after the cache expires. */
@Injectable()
@HandlesEvent('price.changed')
export class PriceChangedHandler implements EventHandler<'price.changed'> {
  constructor(private readonly catalog: CatalogClient) {}

  async handle({ data }: EventEnvelope<'price.changed'>): Promise<void> {
    await this.catalog.evict([data.sku]);
  }
}

/** A changed product may have renamed or repriced its SKUs. */
@Injectable()
@HandlesEvent('product.updated')
export class ProductUpdatedHandler implements EventHandler<'product.updated'> {
  constructor(private readonly catalog: CatalogClient) {}

  async handle({ data }: EventEnvelope<'product.updated'>): Promise<void> {
    await this.catalog.evict(data.variants.map((v) => v.sku));
  }
}

/** An archived product can no longer be bought. */
@Injectable()
@HandlesEvent('product.archived')
export class ProductArchivedHandler implements EventHandler<'product.archived'> {
  constructor(private readonly catalog: CatalogClient) {}

  async handle({ data }: EventEnvelope<'product.archived'>): Promise<void> {
    await this.catalog.evict(data.skus);
  }
}
