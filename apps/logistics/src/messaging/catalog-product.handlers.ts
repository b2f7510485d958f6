import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, ProductCreatedV1 } from '@emporium/contracts';
import { HandlesEvent, type EventHandler } from '@emporium/platform-messaging';
import { SkuSpecsService } from '../application/sku-specs.service';

/** `product.created`: learn the new variants' weights and sizes. */
@Injectable()
@HandlesEvent('product.created')
export class ProductCreatedHandler implements EventHandler<'product.created'> {
  constructor(private readonly specs: SkuSpecsService) {}

  handle(event: EventEnvelope<'product.created', ProductCreatedV1>, tx: EntityManager) {
    return this.specs.keep(tx, event.data);
  }
}

/** `product.updated`: the whole product again; replace what we kept. */
@Injectable()
@HandlesEvent('product.updated')
export class ProductUpdatedHandler implements EventHandler<'product.updated'> {
  constructor(private readonly specs: SkuSpecsService) {}

  handle(event: EventEnvelope<'product.updated', ProductCreatedV1>, tx: EntityManager) {
    return this.specs.keep(tx, event.data);
  }
}
