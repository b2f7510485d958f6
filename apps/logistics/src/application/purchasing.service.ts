import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError, type PurchaseOrderStatus, type SupplierView } from '@emporium/contracts';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import {
  cancel,
  draftLines,
  receive,
  send,
  type PurchaseOrder,
  type PurchaseUnits,
} from '../domain/purchase-orders';
import { PurchaseOrderEntity } from '../persistence/purchase-order.entity';
import { addOnHand } from '../persistence/stock-level.queries';
import { recordMovements } from '../persistence/stock-movement.queries';
import { SupplierEntity } from '../persistence/supplier.entity';
import { WarehouseEntity } from '../persistence/warehouse.entity';
import { ReplenishmentService } from './replenishment.service';
import { readLevels } from './stock-levels';

/** A new supplier. */
export type NewSupplier = Omit<SupplierView, 'id'>;

/** Suppliers and purchase orders: drafted (from suggestions or by hand), sent, received. */
@Injectable()
export class PurchasingService {
  constructor(
    private readonly db: DataSource,
    private readonly replenishment: ReplenishmentService,
  ) {}

  createSupplier(input: NewSupplier): Promise<SupplierEntity> {
    const repository = this.db.getRepository(SupplierEntity);
    return repository.save(repository.create({ ...input, skus: [...new Set(input.skus)] }));
  }

  /** Suppliers by name, `limit` of them after `after` (name, id), and how many there are. */
  async suppliers(page: {
    limit: number;
    after?: { key: string; id: string };
  }): Promise<{ rows: SupplierEntity[]; total: number }> {
    const query = this.db.getRepository(SupplierEntity).createQueryBuilder('s');
    const total = await query.getCount();
    if (page.after) query.where('(s.name, s.id) > (:key, CAST(:id AS uuid))', page.after);
    const rows = await query
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(page.limit)
      .getMany();
    return { rows, total };
  }

  /**
   * Drafts an order to a supplier for a warehouse: the lines given, or else what replenishment
   * suggests ordering now there of the SKUs this supplier sells.
   */
  async createOrder(input: {
    supplierId: string;
    warehouseId: string;
    lines?: readonly PurchaseUnits[];
  }): Promise<PurchaseOrderEntity> {
    const supplier = await this.db
      .getRepository(SupplierEntity)
      .findOneBy({ id: input.supplierId });
    if (!supplier) throw new NotFoundError('supplier-not-found', `No supplier ${input.supplierId}`);
    if (!(await this.db.getRepository(WarehouseEntity).existsBy({ id: input.warehouseId }))) {
      throw new NotFoundError('warehouse-not-found', `No warehouse ${input.warehouseId}`);
    }
    const units =
      input.lines ??
      (await this.replenishment.suggestions({ warehouseId: input.warehouseId })).items
        .filter((s) => supplier.skus.includes(s.sku))
        .map((s) => ({ sku: s.sku, quantity: s.suggestedQuantity }));
    const lines = draftLines(units, supplier.minOrderQuantity);
    const repository = this.db.getRepository(PurchaseOrderEntity);
    return repository.save(
      repository.create({
        supplierId: supplier.id,
        warehouseId: input.warehouseId,
        status: 'DRAFT',
        lines,
      }),
    );
  }

  /**
   * Purchase orders, newest first, `limit` of them after `after` (createdAt, id), and how many
   * match. Times are compared to the millisecond a cursor carries, not Postgres' microsecond.
   */
  async orders(page: {
    status?: PurchaseOrderStatus;
    limit: number;
    after?: { key: string; id: string };
  }): Promise<{ rows: PurchaseOrderEntity[]; total: number }> {
    const created = "date_trunc('milliseconds', po.created_at)";
    const query = this.db.getRepository(PurchaseOrderEntity).createQueryBuilder('po');
    if (page.status) query.where('po.status = :status', { status: page.status });
    const total = await query.getCount();
    if (page.after)
      query.andWhere(
        `(${created}, po.id) < (CAST(:key AS timestamptz), CAST(:id AS uuid))`,
        page.after,
      );
    const rows = await query
      .orderBy(created, 'DESC')
      .addOrderBy('po.id', 'DESC')
      .limit(page.limit)
      .getMany();
    return { rows, total };
  }

  async order(id: string): Promise<PurchaseOrderEntity> {
    const po = await this.db.getRepository(PurchaseOrderEntity).findOneBy({ id });
    if (!po) throw new NotFoundError('purchase-order-not-found', `No purchase order ${id}`);
    return po;
  }

  send(id: string): Promise<PurchaseOrderEntity> {
    return this.change(id, async (po) => send(po));
  }

  cancel(id: string): Promise<PurchaseOrderEntity> {
    return this.change(id, async (po) => cancel(po));
  }

  /**
   * Books what arrived: the units go on hand in the order's warehouse, each SKU's entry is an
   * INBOUND movement of the ledger and a `stock.adjusted` saying which order it came on.
   */
  receive(id: string, receipt: readonly PurchaseUnits[]): Promise<PurchaseOrderEntity> {
    return this.change(id, async (po, tx) => {
      const next = receive(po, receipt);
      const arrived = new Map<string, number>();
      for (const r of receipt) arrived.set(r.sku, (arrived.get(r.sku) ?? 0) + r.quantity);
      // Stock rows are locked in the order every step locks them: SKU, then warehouse.
      const units = [...arrived]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([sku, quantity]) => ({ warehouseId: po.warehouseId, sku, quantity }));
      for (const u of units) await addOnHand(tx, u);
      await recordMovements(
        tx,
        units.map((u) => ({
          ...u,
          direction: 'INBOUND',
          reason: 'PURCHASE_ORDER',
          purchaseOrderId: po.id,
        })),
      );
      for (const level of await readLevels(tx, units)) {
        await writeOutbox(tx, {
          type: 'stock.adjusted',
          subject: level.sku,
          data: { reason: `received on purchase order ${po.id}`, levels: [level] },
        });
      }
      return next;
    });
  }

  /** Locks an order, applies a rule to it and saves the outcome, in one transaction. */
  private change(
    id: string,
    rule: (po: PurchaseOrderEntity, tx: EntityManager) => Promise<PurchaseOrder>,
  ): Promise<PurchaseOrderEntity> {
    return transaction(this.db, async (tx) => {
      const po = await tx.findOne(PurchaseOrderEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!po) throw new NotFoundError('purchase-order-not-found', `No purchase order ${id}`);
      Object.assign(po, await rule(po, tx));
      return tx.save(po);
    });
  }
}
