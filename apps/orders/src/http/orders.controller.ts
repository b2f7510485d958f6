import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { STAFF_ROLES, type Identity } from '@emporium/contracts';
import { CurrentUser, Roles } from '@emporium/platform-auth';
import { Answers, Idempotent } from '@emporium/platform-http';
import { OrderJourneyService } from '../application/order-journey.service';
import { OrderQueries } from '../application/order-queries.service';
import { PlaceOrderService } from '../application/place-order.service';
import { ReturnsService } from '../application/returns.service';
import { CheckoutQuoteDto, PlaceOrderDto } from './dto/checkout.dto';
import { ListOrdersQueryDto, RequestReturnDto } from './dto/orders.dto';
import { toOrderView, toQuoteView, toReturnView } from './order-views';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** Checkout, orders and their cancellation and returns. */
@Controller()
export class OrdersController {
  constructor(
    private readonly checkout: PlaceOrderService,
    private readonly queries: OrderQueries,
    private readonly journey: OrderJourneyService,
    private readonly returns: ReturnsService,
  ) {}

  @Post('checkout/quote')
  @HttpCode(200)
  @Roles('customer')
  @Answers('CheckoutQuoteView')
  async quote(@Body() dto: CheckoutQuoteDto, @CurrentUser() customer: Identity) {
    return toQuoteView(await this.checkout.quote(customer, dto));
  }

  @Post('orders')
  @Roles('customer')
  @Idempotent()
  @Answers('OrderView')
  async place(
    @Body() dto: PlaceOrderDto,
    @CurrentUser() customer: Identity,
    @Headers('idempotency-key') idempotencyKey: string,
  ) {
    const order = await this.checkout.place(customer, dto, idempotencyKey);
    return toOrderView(await this.queries.find(order.id, customer));
  }

  @Get('orders')
  @Answers('OrderViewPage')
  async list(@Query() query: ListOrdersQueryDto, @CurrentUser() caller: Identity) {
    const page = await this.queries.list(caller, {
      ...query,
      limit: Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
    });
    return { items: page.items.map(toOrderView), nextCursor: page.nextCursor };
  }

  @Get('orders/:id')
  @Answers('OrderView')
  async find(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: Identity) {
    return toOrderView(await this.queries.find(id, caller));
  }

  @Post('orders/:id/cancel')
  @HttpCode(200)
  @Roles('customer', ...STAFF_ROLES)
  @Answers('OrderView')
  async cancel(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: Identity) {
    await this.journey.cancelByRequest(id, caller);
    return toOrderView(await this.queries.find(id, caller));
  }

  @Post('orders/:id/returns')
  @Roles('customer')
  @Answers('ReturnView')
  async requestReturn(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RequestReturnDto,
    @CurrentUser() customer: Identity,
  ) {
    return toReturnView(await this.returns.request(id, customer, dto.lines, dto.reason));
  }
}
