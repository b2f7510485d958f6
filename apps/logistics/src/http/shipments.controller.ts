import {
  Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, type RawBodyRequest,
} from '@nestjs/common';
import { createValidationPipe } from '@emporium/platform-http';
import type { FastifyRequest } from 'fastify';
import { BusinessRuleError, UnauthorizedError, type Identity } from '@emporium/contracts';
import { CurrentUser, Public, Roles, checkWebhookSignature } from '@emporium/platform-auth';
import { ShipmentsService } from '../application/shipments.service';
import type { ShipmentEntity } from '../persistence/shipment.entity';
import { CARRIER_WEBHOOK_SECRETS, type CarrierWebhookSecrets } from './carrier-webhook-secret';
import { CarrierEventDto, CostsQueryDto, TrackingEventDto } from './dto/tracking.dto';

function toShipment(s: ShipmentEntity) {
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
    reason: s.reason,
    events: s.events,
  };
}

/** A report boundary: a date is a business day in Asia/Shanghai (UTC+8, no DST). */
function boundary(value: string, end: boolean): Date {
  if (value.length > 10) return new Date(value);
  const start = new Date(`${value}T00:00:00+08:00`);
  return end ? new Date(start.getTime() + 86_400_000) : start;
}

/** Shipments, tracking events (merchants and carriers) and the freight cost report. */
@Controller()
export class ShipmentsController {
  constructor(
    private readonly shipments: ShipmentsService,
    @Inject(CARRIER_WEBHOOK_SECRETS) private readonly webhookSecrets: CarrierWebhookSecrets,
  ) {}

  private readonly validation = createValidationPipe();

  @Get('shipments')
  async list(@Query('orderId', ParseUUIDPipe) orderId: string, @CurrentUser() caller: Identity) {
    const items = (await this.shipments.forOrder(orderId, caller)).map(toShipment);
    return { items, nextCursor: null, total: items.length };
  }

  @Get('shipments/:id')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: Identity) {
    return toShipment(await this.shipments.find(id, caller));
  }

  @Roles('merchant', 'admin')
  @Post('shipments/:id/events')
  async track(@Param('id', ParseUUIDPipe) id: string, @Body() dto: TrackingEventDto) {
    return toShipment(await this.shipments.record({ id }, dto));
  }

  /**
   * A carrier's signed tracking event. The signature over the raw bytes, with that carrier's own
   * secret, is checked before anything else: an unauthenticated caller learns nothing of the body.
   */
  @Public()
  @Post('webhooks/carriers/:carrier')
  @HttpCode(200)
  async carrierEvent(
    @Param('carrier') carrier: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-signature') signature: string | undefined,
  ) {
    const secret = Object.hasOwn(this.webhookSecrets, carrier) ? this.webhookSecrets[carrier] : undefined;
    if (!secret) throw new UnauthorizedError('invalid-signature', `No webhook secret is configured for carrier ${carrier}`);
    const problem = checkWebhookSignature(signature, request.rawBody ?? '', secret);
    if (problem) throw new UnauthorizedError('invalid-signature', `The webhook signature is ${problem}`);
    const dto = (await this.validation.transform(request.body ?? {}, { type: 'body', metatype: CarrierEventDto })) as CarrierEventDto;
    return toShipment(await this.shipments.recordFromCarrier(carrier, dto));
  }

  @Roles('merchant', 'admin')
  @Get('logistics/costs')
  costs(@Query() query: CostsQueryDto) {
    const from = boundary(query.from, false);
    const to = boundary(query.to, true);
    if (!(from < to)) throw new BusinessRuleError('empty-period', '`from` must be before `to`');
    return this.shipments.costs(from, to);
  }
}
