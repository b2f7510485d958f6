import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { MERCHANT_ROLES, type WarehouseView } from '@emporium/contracts';
import { Public, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { SlottingService } from '../application/slotting.service';
import { WarehousesService } from '../application/warehouses.service';
import type { WarehouseEntity } from '../persistence/warehouse.entity';
import { CreateWarehouseDto, SetStockDto, SlottingQueryDto } from './dto/warehouse.dto';
import { reportPeriod } from './report-period';

function toWarehouse(w: WarehouseEntity): WarehouseView {
  return {
    id: w.id,
    code: w.code,
    name: w.name,
    kind: w.kind,
    address: w.address,
    location: { lat: w.lat, lon: w.lon },
  };
}

/** Warehouses, stores (also for pickup) and their stock. */
@Controller()
export class WarehousesController {
  constructor(
    private readonly warehouses: WarehousesService,
    private readonly slottings: SlottingService,
  ) {}

  @Public()
  @Get('warehouses')
  @Answers('WarehouseViewPage')
  async list() {
    const items = (await this.warehouses.list()).map(toWarehouse);
    return { items, nextCursor: null, total: items.length };
  }

  @Roles(...MERCHANT_ROLES)
  @Post('warehouses')
  @Answers('WarehouseView')
  async create(@Body() dto: CreateWarehouseDto) {
    return toWarehouse(await this.warehouses.create(dto));
  }

  @Roles(...MERCHANT_ROLES)
  @Put('warehouses/:id/stock/:sku')
  @HttpCode(200)
  @Answers('StockLevelView')
  async setStock(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sku') sku: string,
    @Body() dto: SetStockDto,
  ) {
    const level = await this.warehouses.setOnHand(id, sku, dto.onHand, dto.location);
    return {
      warehouseId: level.warehouseId,
      sku: level.sku,
      onHand: level.onHand,
      reserved: level.reserved,
      available: level.onHand - level.reserved,
      ...(level.location ? { location: level.location } : {}),
    };
  }

  /** SKUs classed A/B/C by picks or revenue, with the zone each belongs in and the misplaced ones. */
  @Roles(...MERCHANT_ROLES)
  @Get('warehouses/:id/slotting')
  @Answers('SlottingView')
  slotting(@Param('id', ParseUUIDPipe) id: string, @Query() query: SlottingQueryDto) {
    return this.slottings.slotting(id, reportPeriod(query), query.by, { a: query.a, b: query.b });
  }

  @Roles(...MERCHANT_ROLES)
  @Get('inventory/:sku')
  @Answers('InventoryView')
  inventory(@Param('sku') sku: string) {
    return this.warehouses.inventory(sku);
  }
}
