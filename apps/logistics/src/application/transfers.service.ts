import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  ConflictError,
  NotFoundError,
  type CreateTransferRequest,
  type TransferSuggestionsView,
  type TransferView,
} from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { checkTransferRoute, suggestTransfers } from '../domain/transfers';
import {
  addOnHand,
  ensureStockRow,
  lockStockRows,
  takeOnHand,
} from '../persistence/stock-level.queries';
import { recordMovements } from '../persistence/stock-movement.queries';
import { WarehouseEntity } from '../persistence/warehouse.entity';
import { ReplenishmentService } from './replenishment.service';
import { readLevels } from './stock-levels';

/** Stock moved between warehouses, and where moving it would help. */
@Injectable()
export class TransfersService {
  constructor(
    private readonly db: DataSource,
    private readonly replenishment: ReplenishmentService,
  ) {}

  /**
   * Moves units from one warehouse's shelf to another's in one transaction: an OUTBOUND and an
   * INBOUND movement and one `stock.adjusted`. It locks the SKU's rows in every warehouse the way
   * a reservation does (SKU, then warehouse), so orders reserving the SKU meanwhile wait and then
   * see the moved units where they are: only units no order holds can leave (else 409).
   */
  transfer(request: CreateTransferRequest): Promise<TransferView> {
    const { sku, fromWarehouseId, toWarehouseId, quantity } = request;
    checkTransferRoute(fromWarehouseId, toWarehouseId);
    return transaction(this.db, async (tx) => {
      const found = await tx.countBy(WarehouseEntity, { id: In([fromWarehouseId, toWarehouseId]) });
      if (found < 2) throw new NotFoundError('warehouse-not-found', 'No such warehouse');
      await ensureStockRow(tx, toWarehouseId, sku);
      const rows = await lockStockRows(tx, [sku]);
      const source = rows.find((r) => r.warehouse_id === fromWarehouseId);
      const available = source ? source.on_hand - source.reserved : 0;
      if (available < quantity) {
        throw new ConflictError(
          'insufficient-stock',
          `Only ${available} units of ${sku} are free to move from that warehouse`,
        );
      }
      const id = randomUUID();
      await takeOnHand(tx, { warehouseId: fromWarehouseId, sku, quantity });
      await addOnHand(tx, { warehouseId: toWarehouseId, sku, quantity });
      await recordMovements(tx, [
        {
          warehouseId: fromWarehouseId,
          sku,
          direction: 'OUTBOUND',
          reason: 'TRANSFER',
          quantity,
          transferId: id,
        },
        {
          warehouseId: toWarehouseId,
          sku,
          direction: 'INBOUND',
          reason: 'TRANSFER',
          quantity,
          transferId: id,
        },
      ]);
      const levels = await readLevels(tx, [
        { warehouseId: fromWarehouseId, sku },
        { warehouseId: toWarehouseId, sku },
      ]);
      await writeOutbox(tx, {
        type: 'stock.adjusted',
        subject: sku,
        data: { reason: `transfer ${id}`, levels },
      });
      return {
        id,
        ...request,
        at: new Date().toISOString(),
        levels: levels.map((l) => ({
          warehouseId: l.warehouseId,
          sku: l.sku,
          onHand: l.onHand,
          reserved: l.reserved,
          available: l.available,
        })),
      };
    });
  }

  /**
   * Where one warehouse is below its stored reorder point and another above its order-up-to
   * level, by the live stock.
   */
  async suggestions(sku?: string): Promise<TransferSuggestionsView> {
    const items = suggestTransfers(await this.replenishment.plannedStock(sku));
    return { items, nextCursor: null, total: items.length };
  }
}
