import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, type WarehouseKind } from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { StockLevelEntity } from '../persistence/stock-level.entity';
import { ensureStockRow } from '../persistence/stock-level.queries';
import { WarehouseEntity, type Address } from '../persistence/warehouse.entity';
import { readLevels } from './stock-levels';

/** A new warehouse or store. */
export interface NewWarehouse {
  readonly code: string;
  readonly name: string;
  readonly kind: WarehouseKind;
  readonly address: Address;
  readonly location: { readonly lat: number; readonly lon: number };
}

/** Warehouses, stores and the stock merchants set in them. */
@Injectable()
export class WarehousesService {
  constructor(private readonly db: DataSource) {}

  list(): Promise<WarehouseEntity[]> {
    return this.db.getRepository(WarehouseEntity).find({ order: { code: 'ASC' } });
  }

  async create(input: NewWarehouse): Promise<WarehouseEntity> {
    const repository = this.db.getRepository(WarehouseEntity);
    if (await repository.exists({ where: { code: input.code } })) {
      throw new ConflictError('warehouse-code-taken', `A warehouse with code ${input.code} exists`);
    }
    return repository.save(
      repository.create({
        code: input.code,
        name: input.name,
        kind: input.kind,
        address: input.address,
        lat: input.location.lat,
        lon: input.location.lon,
      }),
    );
  }

  /**
   * Sets the units on the shelf (and the bin, when given); refuses to go below what unpaid orders
   * hold.
   */
  setOnHand(
    warehouseId: string,
    sku: string,
    onHand: number,
    location?: string,
    tx?: EntityManager,
  ): Promise<StockLevelEntity> {
    const work = async (tx: EntityManager) => {
      if (!(await tx.exists(WarehouseEntity, { where: { id: warehouseId } }))) {
        throw new NotFoundError('warehouse-not-found', `No warehouse ${warehouseId}`);
      }
      await ensureStockRow(tx, warehouseId, sku);
      const level = await tx.findOneOrFail(StockLevelEntity, {
        where: { warehouseId, sku },
        lock: { mode: 'pessimistic_write' },
      });
      if (onHand < level.reserved) {
        throw new ConflictError(
          'stock-below-reserved',
          `${level.reserved} units of ${sku} are reserved for orders; on hand cannot go below that`,
        );
      }
      level.onHand = onHand;
      if (location !== undefined) level.location = location;
      await tx.save(level);
      await writeOutbox(tx, {
        type: 'stock.adjusted',
        subject: sku,
        data: { reason: 'set by merchant', levels: await readLevels(tx, [{ warehouseId, sku }]) },
      });
      return level;
    };
    return tx ? work(tx) : transaction(this.db, work);
  }

  /** A SKU's stock in every warehouse that holds it. */
  async inventory(sku: string) {
    const levels = await this.db
      .getRepository(StockLevelEntity)
      .find({ where: { sku }, order: { warehouseId: 'ASC' } });
    const warehouses = levels.map((l) => ({
      warehouseId: l.warehouseId,
      onHand: l.onHand,
      reserved: l.reserved,
      available: l.onHand - l.reserved,
    }));
    return { sku, available: warehouses.reduce((sum, w) => sum + w.available, 0), warehouses };
  }
}
