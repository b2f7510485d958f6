import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject } from '@nestjs/swagger';
import { OPENAPI_PARTS } from '@emporium/contracts';
import { API_ROUTES } from '../../domain/api-routes';
import { publicDocument } from './public-document';

const DESCRIPTION = `The Emporium public REST API (API.md). Money is { amount, currency } in integer minor units (fen).
Errors are RFC 9457 application/problem+json. Lists answer { items, nextCursor }.

Promotion stacking (the pricing engine, applied level by level, each on what the previous left):
1. FLASH_SALE sets the unit price of the units granted at the flash price (quota and per-customer
   limit checked atomically when the order is placed); the rest of the line stays at list price.
2. Item level: PERCENT_OFF and AMOUNT_OFF without a coupon code.
3. Order level: THRESHOLD_OFF without a coupon code (base: the targeted lines after item discounts;
   the best reached tier applies).
4. Coupon item level, then 5. coupon order level: the same kinds with a couponCode on the cart.
6. GIFT: every reached gift promotion adds its gift at zero price while it is in stock.
Within a level, stackable promotions combine (PERCENT_OFF, then AMOUNT_OFF, then THRESHOLD_OFF); a
non-stackable one never combines, and whichever gives the customer the larger discount wins (all
stackables together, or the best non-stackable alone). Order-level discounts are allocated to lines
in proportion to their value, so the lines' discounts add up exactly to the order's discount; a
percentage is rounded half-up per line.`;

/**
 * The OpenAPI 3.1 document of the whole public API, merged from the parts each service (and the
 * gateway itself) generates from its controllers and DTOs (libs/contracts/openapi, npm run openapi).
 */
@Injectable()
export class OpenApiDocument implements OnApplicationBootstrap {
  private document?: OpenAPIObject;

  // Built at start, so that parts which do not fit the routes stop the gateway, not a reader.
  onApplicationBootstrap(): void {
    this.document = this.build();
  }

  /** The document (built once, at start). */
  get value(): OpenAPIObject {
    this.document ??= this.build();
    return this.document;
  }

  private build(): OpenAPIObject {
    const base = new DocumentBuilder()
      .setTitle('Emporium API')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .setOpenAPIVersion('3.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build();
    return publicDocument({ ...base, paths: {} }, API_ROUTES, OPENAPI_PARTS);
  }
}
