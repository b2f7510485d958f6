import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { ProductCreatedV1 } from '@emporium/contracts';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { StockLevelEntity } from '../persistence/stock-level.entity';
import { WarehouseEntity } from '../persistence/warehouse.entity';
import { WarehousesService, type NewWarehouse } from './warehouses.service';

/** Injection token: whether this process seeds demo warehouses and stock (development). */
export const SEED_DEMO = Symbol('SEED_DEMO');

const contact = { name: '仓库主管', phone: '4008123123' };

/** Warehouses in several provinces and two pickup stores, where a demo shop would have them. */
export const DEMO_WAREHOUSES: readonly NewWarehouse[] = [
  { code: 'SH-QINGPU', name: '上海青浦仓', kind: 'WAREHOUSE', address: { ...contact, province: '上海市', city: '上海市', district: '青浦区', line1: '华新镇华志路 1 号' }, location: { lat: 31.2, lon: 121.2 } },
  { code: 'GZ-BAIYUN', name: '广州白云仓', kind: 'WAREHOUSE', address: { ...contact, province: '广东省', city: '广州市', district: '白云区', line1: '太和镇物流园 8 号' }, location: { lat: 23.31, lon: 113.35 } },
  { code: 'BJ-DAXING', name: '北京大兴仓', kind: 'WAREHOUSE', address: { ...contact, province: '北京市', city: '北京市', district: '大兴区', line1: '亦庄经济开发区 3 号' }, location: { lat: 39.73, lon: 116.34 } },
  { code: 'CD-SHUANGLIU', name: '成都双流仓', kind: 'WAREHOUSE', address: { ...contact, province: '四川省', city: '成都市', district: '双流区', line1: '西航港物流园 5 号' }, location: { lat: 30.57, lon: 103.95 } },
  { code: 'WH-DONGXIHU', name: '武汉东西湖仓', kind: 'WAREHOUSE', address: { ...contact, province: '湖北省', city: '武汉市', district: '东西湖区', line1: '走马岭物流园 2 号' }, location: { lat: 30.68, lon: 114.14 } },
  { code: 'SH-STORE-JINGAN', name: '上海静安门店', kind: 'STORE', address: { ...contact, province: '上海市', city: '上海市', district: '静安区', line1: '南京西路 1266 号' }, location: { lat: 31.23, lon: 121.46 } },
  { code: 'SZ-STORE-NANSHAN', name: '深圳南山门店', kind: 'STORE', address: { ...contact, province: '广东省', city: '深圳市', district: '南山区', line1: '科技园深南大道 9 号' }, location: { lat: 22.54, lon: 113.95 } },
];

/** A stable pseudo-random whole number in [0, range) for a seed string. */
function stableNumber(seed: string, range: number): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) % range;
}

/**
 * Development only: creates the demo warehouses once, and stocks the demo catalog's own products
 * (so the demo shop has something to sell), the same way every time. A product a merchant creates
 * is never stocked here: only its merchant stocks it.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  constructor(
    @Inject(SEED_DEMO) private readonly enabled: boolean,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly db: DataSource,
    private readonly warehouses: WarehousesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const created = await this.ensureWarehouses(this.db.manager);
    if (created) this.logger.info({ warehouses: created }, 'seeded demo warehouses and stores');
  }

  /** Creates the demo warehouses when there are none yet; returns how many it created. */
  private async ensureWarehouses(em: EntityManager): Promise<number> {
    if ((await em.count(WarehouseEntity)) > 0) return 0;
    let created = 0;
    for (const w of DEMO_WAREHOUSES) {
      const rows: unknown[] = await em.query(
        `INSERT INTO warehouses (code, name, kind, address, lat, lon) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [w.code, w.name, w.kind, JSON.stringify(w.address), w.location.lat, w.location.lon],
      );
      created += rows.length;
    }
    return created;
  }

  /**
   * Puts demo stock of a demo catalog product's shippable variants on the demo warehouses'
   * shelves; any other product is left alone. Stock someone set already (a merchant quicker than
   * this event) and warehouses a merchant created are left as they are.
   */
  async stock(product: ProductCreatedV1, tx: EntityManager): Promise<void> {
    if (!this.enabled || product.demo !== true) return;
    // The catalog may announce products before this process's start-up seeding has run.
    await this.ensureWarehouses(tx);
    const warehouses = await tx.find(WarehouseEntity, {
      where: { code: In(DEMO_WAREHOUSES.map((w) => w.code)) },
      order: { code: 'ASC' },
    });
    for (const variant of product.variants) {
      if (variant.weightGrams === null) continue;
      for (const w of warehouses) {
        if (await tx.exists(StockLevelEntity, { where: { warehouseId: w.id, sku: variant.sku } })) continue;
        const units = w.kind === 'STORE' ? stableNumber(`${variant.sku}@${w.code}`, 6) : 20 + stableNumber(`${variant.sku}@${w.code}`, 180);
        await this.warehouses.setOnHand(w.id, variant.sku, units, tx);
      }
    }
  }
}
