import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { MERCHANT_ROLES } from '@emporium/contracts';
import { Roles } from '@emporium/platform-auth';
import { Answers, Idempotent } from '@emporium/platform-http';
import { PurchasingService } from '../application/purchasing.service';
import {
  CreatePurchaseOrderDto,
  CreateSupplierDto,
  PurchaseOrdersQueryDto,
  ReceivePurchaseOrderDto,
} from './dto/purchasing.dto';
import { PageQueryDto } from './dto/page.dto';
import { decodeCursor, isInstant, pageLimit, pageOf } from './cursor';
import { toPurchaseOrderView, toSupplierView } from './purchasing-views';

/** Suppliers and purchase orders. */
@Controller()
export class PurchasingController {
  constructor(private readonly purchasing: PurchasingService) {}

  @Roles(...MERCHANT_ROLES)
  @Post('suppliers')
  @Answers('SupplierView')
  async createSupplier(@Body() dto: CreateSupplierDto) {
    return toSupplierView(await this.purchasing.createSupplier(dto));
  }

  @Roles(...MERCHANT_ROLES)
  @Get('suppliers')
  @Answers('SupplierViewPage')
  async suppliers(@Query() query: PageQueryDto) {
    const limit = pageLimit(query.limit);
    const { rows, total } = await this.purchasing.suppliers({
      limit: limit + 1,
      after: decodeCursor(query.cursor, (name) => name.length > 0),
    });
    const page = pageOf(rows, limit, (s) => ({ key: s.name, id: s.id }));
    return { items: page.items.map(toSupplierView), nextCursor: page.nextCursor, total };
  }

  /** A DRAFT order: the lines given, or what replenishment suggests of the supplier's SKUs. */
  @Roles(...MERCHANT_ROLES)
  @Post('purchase-orders')
  @Answers('PurchaseOrderView')
  async create(@Body() dto: CreatePurchaseOrderDto) {
    return toPurchaseOrderView(await this.purchasing.createOrder(dto));
  }

  @Roles(...MERCHANT_ROLES)
  @Get('purchase-orders')
  @Answers('PurchaseOrderViewPage')
  async list(@Query() query: PurchaseOrdersQueryDto) {
    const limit = pageLimit(query.limit);
    const { rows, total } = await this.purchasing.orders({
      status: query.status,
      limit: limit + 1,
      after: decodeCursor(query.cursor, isInstant),
    });
    const page = pageOf(rows, limit, (po) => ({ key: po.createdAt.toISOString(), id: po.id }));
    return { items: page.items.map(toPurchaseOrderView), nextCursor: page.nextCursor, total };
  }

  @Roles(...MERCHANT_ROLES)
  @Get('purchase-orders/:id')
  @Answers('PurchaseOrderView')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toPurchaseOrderView(await this.purchasing.order(id));
  }

  @Roles(...MERCHANT_ROLES)
  @Post('purchase-orders/:id/send')
  @HttpCode(200)
  @Answers('PurchaseOrderView')
  async send(@Param('id', ParseUUIDPipe) id: string) {
    return toPurchaseOrderView(await this.purchasing.send(id));
  }

  @Roles(...MERCHANT_ROLES)
  @Post('purchase-orders/:id/cancel')
  @HttpCode(200)
  @Answers('PurchaseOrderView')
  async cancel(@Param('id', ParseUUIDPipe) id: string) {
    return toPurchaseOrderView(await this.purchasing.cancel(id));
  }

  /**
   * What arrived, all or part of what is due: on hand at once, with `stock.adjusted`. A retried
   * receipt must not put the units on hand twice, hence the Idempotency-Key.
   */
  @Roles(...MERCHANT_ROLES)
  @Post('purchase-orders/:id/receipts')
  @HttpCode(200)
  @Idempotent()
  @Answers('PurchaseOrderView')
  async receive(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReceivePurchaseOrderDto) {
    return toPurchaseOrderView(await this.purchasing.receive(id, dto.lines));
  }
}
