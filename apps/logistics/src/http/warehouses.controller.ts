import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import type { WarehouseView } from '@emporium/contracts';
import { Public, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { WarehousesService } from '../application/warehouses.service';
import type { WarehouseEntity } from '../persistence/warehouse.entity';
import { CreateWarehouseDto, SetStockDto } from './dto/warehouse.dto';

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
  constructor(private readonly warehouses: WarehousesService) {}

  @Public()
  @Get('warehouses')
  @Answers('WarehouseViewPage')
  async list() {
    const items = (await this.warehouses.list()).map(toWarehouse);
    return { items, nextCursor: null, total: items.length };
  }

  @Roles('merchant', 'admin')
  @Post('warehouses')
  @Answers('WarehouseView')
  async create(@Body() dto: CreateWarehouseDto) {
    return toWarehouse(await this.warehouses.create(dto));
  }

  @Roles('merchant', 'admin')
  @Put('warehouses/:id/stock/:sku')
  @HttpCode(200)
  @Answers('StockLevelView')
  async setStock(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('sku') sku: string,
    @Body() dto: SetStockDto,
  ) {
    const level = await this.warehouses.setOnHand(id, sku, dto.onHand);
    return {
      warehouseId: level.warehouseId,
      sku: level.sku,
      onHand: level.onHand,
      reserved: level.reserved,
      available: level.onHand - level.reserved,
    };
  }

  @Roles('merchant', 'admin')
  @Get('inventory/:sku')
  @Answers('InventoryView')
  inventory(@Param('sku') sku: string) {
    return this.warehouses.inventory(sku);
  }
}
