import {
  Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, type RawBodyRequest,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BusinessRuleError, UnauthorizedError, type Identity } from '@emporium/contracts';
import { CurrentUser, Public, Roles, checkWebhookSignature } from '@emporium/platform-auth';
import { ShipmentsService } from '../application/shipments.service';
import type { ShipmentEntity } from '../persistence/shipment.entity';
import { CARRIER_WEBHOOK_SECRET } from './carrier-webhook-secret';
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
    @Inject(CARRIER_WEBHOOK_SECRET) private readonly webhookSecret: string,
  ) {}

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

  @Public()
  @Post('webhooks/carriers/:carrier')
  @HttpCode(200)
  async carrierEvent(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-signature') signature: string | undefined,
    @Body() dto: CarrierEventDto,
  ) {
    const problem = checkWebhookSignature(signature, request.rawBody ?? '', this.webhookSecret);
    if (problem) throw new UnauthorizedError('invalid-signature', `The webhook signature is ${problem}`);
    return toShipment(await this.shipments.record({ trackingNumber: dto.trackingNumber }, dto));
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
