import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  type RawBodyRequest,
} from '@nestjs/common';
import { Answers, createValidationPipe } from '@emporium/platform-http';
import { ApiBody } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  UnauthorizedError,
  type Identity,
  type PickupView,
  type ShipmentView,
  MERCHANT_ROLES,
  STAFF_ROLES,
} from '@emporium/contracts';
import { CurrentUser, Public, Roles, checkWebhookSignature } from '@emporium/platform-auth';
import { ShipmentsService } from '../application/shipments.service';
import { StorePickupsService } from '../application/store-pickups.service';
import { PICKUP_CODE_ATTEMPTS, isLocked } from '../domain/pickup';
import { flowOf } from '../domain/shipment-status';
import type { ShipmentEntity } from '../persistence/shipment.entity';
import { reportPeriod } from './report-period';
import { CARRIER_WEBHOOK_SECRETS, type CarrierWebhookSecrets } from './carrier-webhook-secret';
import { CarrierEventDto, CostsQueryDto, PickupDto, TrackingEventDto } from './dto/tracking.dto';

/**
 * A store pickup's state: when it must be collected by, whether wrong codes locked it, and the
 * code itself only for the customer whose order it is (staff check it; they never read it).
 */
function pickupOf(s: ShipmentEntity, caller?: Identity): { pickup?: PickupView } {
  if (flowOf(s.kind, s.mode) !== 'PICKUP') return {};
  const open = s.status === 'READY_FOR_PICKUP';
  return {
    pickup: {
      storeId: s.warehouseId,
      ...(open && s.collectBy ? { collectBy: s.collectBy.toISOString() } : {}),
      ...(open
        ? {
            attemptsLeft: Math.max(0, PICKUP_CODE_ATTEMPTS - s.pickupFailedAttempts),
            locked: isLocked(s),
          }
        : {}),
      ...(open && s.pickupCode && caller?.userId === s.customerId ? { code: s.pickupCode } : {}),
    },
  };
}

/** API.md's Shipment, as `caller` may see it. */
function toShipment(s: ShipmentEntity, caller?: Identity): ShipmentView {
  return {
    id: s.id,
    orderId: s.orderId,
    kind: s.kind,
    status: s.status,
    mode: s.mode,
    carrier: s.carrier,
    trackingNumber: s.trackingNumber,
    warehouseId: s.warehouseId,
    items: s.items,
    cost: { amount: s.costAmount, currency: 'CNY' },
    ...(s.carton ? { carton: s.carton } : {}),
    reason: s.reason,
    events: s.events,
    ...pickupOf(s, caller),
  };
}

/** Shipments, tracking events (merchants and carriers) and the freight cost report. */
@Controller()
export class ShipmentsController {
  constructor(
    private readonly shipments: ShipmentsService,
    private readonly pickups: StorePickupsService,
    @Inject(CARRIER_WEBHOOK_SECRETS) private readonly webhookSecrets: CarrierWebhookSecrets,
  ) {}

  private readonly validation = createValidationPipe();

  @Get('shipments')
  @Answers('ShipmentViewPage')
  async list(@Query('orderId', ParseUUIDPipe) orderId: string, @CurrentUser() caller: Identity) {
    const items = (await this.shipments.forOrder(orderId, caller)).map((s) =>
      toShipment(s, caller),
    );
    return { items, nextCursor: null, total: items.length };
  }

  @Get('shipments/:id')
  @Answers('ShipmentView')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: Identity) {
    return toShipment(await this.shipments.find(id, caller), caller);
  }

  @Roles(...MERCHANT_ROLES)
  @Post('shipments/:id/events')
  @Answers('ShipmentView')
  async track(@Param('id', ParseUUIDPipe) id: string, @Body() dto: TrackingEventDto) {
    return toShipment(await this.shipments.record({ id }, dto));
  }

  /** Store staff hand a pickup over when the customer gives its code (right: 200, wrong: 422). */
  @Roles(...STAFF_ROLES)
  @Post('shipments/:id/pickup')
  @HttpCode(200)
  @Answers('ShipmentView')
  async pickup(@Param('id', ParseUUIDPipe) id: string, @Body() dto: PickupDto) {
    return toShipment(await this.pickups.collect(id, dto.code));
  }

  /** A new pickup code (the old one is void, wrong attempts reset): after a lock, or a lost code. */
  @Roles(...MERCHANT_ROLES)
  @Post('shipments/:id/pickup-code')
  @HttpCode(200)
  @Answers('ShipmentView')
  async reissuePickupCode(@Param('id', ParseUUIDPipe) id: string) {
    return toShipment(await this.pickups.reissueCode(id));
  }

  /**
   * A carrier's signed tracking event. The signature over the raw bytes, with that carrier's own
   * secret, is checked before anything else: an unauthenticated caller learns nothing of the body.
   */
  @Public()
  @Post('webhooks/carriers/:carrier')
  @ApiBody({ type: CarrierEventDto, description: "Signed with the carrier's secret (X-Signature)" })
  @HttpCode(200)
  @Answers('ShipmentView')
  async carrierEvent(
    @Param('carrier') carrier: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-signature') signature: string | undefined,
  ) {
    const secret = Object.hasOwn(this.webhookSecrets, carrier)
      ? this.webhookSecrets[carrier]
      : undefined;
    if (!secret)
      throw new UnauthorizedError(
        'invalid-signature',
        `No webhook secret is configured for carrier ${carrier}`,
      );
    const problem = checkWebhookSignature(signature, request.rawBody ?? '', secret);
    if (problem)
      throw new UnauthorizedError('invalid-signature', `The webhook signature is ${problem}`);
    const dto = (await this.validation.transform(request.body ?? {}, {
      type: 'body',
      metatype: CarrierEventDto,
    })) as CarrierEventDto;
    return toShipment(await this.shipments.recordFromCarrier(carrier, dto));
  }

  @Roles(...MERCHANT_ROLES)
  @Get('logistics/costs')
  @Answers('LogisticsCostsReport')
  costs(@Query() query: CostsQueryDto) {
    const { from, to } = reportPeriod(query);
    return this.shipments.costs(from, to);
  }
}
