import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError, money, type AbcMeasure, type SlottingView } from '@emporium/contracts';
import { checkSlot, classifyAbc, type AbcCut } from '../domain/slotting';
import { skuActivity } from '../persistence/stock-movement.queries';
import { WarehouseEntity } from '../persistence/warehouse.entity';

const DAY_MS = 86_400_000;

/** ABC classes of a warehouse's SKUs over a period, and the zone each belongs in. */
@Injectable()
export class SlottingService {
  constructor(private readonly db: DataSource) {}

  async slotting(
    warehouseId: string,
    period: { from: Date; to: Date },
    by: AbcMeasure,
    cut: AbcCut,
  ): Promise<SlottingView> {
    if (!(await this.db.getRepository(WarehouseEntity).existsBy({ id: warehouseId }))) {
      throw new NotFoundError('warehouse-not-found', `No warehouse ${warehouseId}`);
    }
    const rows = await skuActivity(this.db, warehouseId, period.from, period.to);
    const activity = new Map(
      rows.map((r) => [
        r.sku,
        {
          sku: r.sku,
          picks: Number(r.picks),
          units: Number(r.units),
          revenue: Number(r.revenue),
          location: r.location,
        },
      ]),
    );
    const days = (period.to.getTime() - period.from.getTime()) / DAY_MS;
    const items = classifyAbc([...activity.values()], by, cut).map((rank) => {
      const a = activity.get(rank.sku)!;
      return {
        sku: a.sku,
        abcClass: rank.abcClass,
        picks: a.picks,
        units: a.units,
        revenue: money(a.revenue),
        share: rank.share,
        velocity: a.units / days,
        location: a.location,
        ...checkSlot(rank.abcClass, a.location),
      };
    });
    return {
      warehouseId,
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      by,
      cut: { a: cut.a, b: cut.b },
      items,
      nextCursor: null,
      total: items.length,
    };
  }
}
