import { createHash } from 'node:crypto';

/** An address as the API takes it (GB/T 2260 province and city names). */
export interface DemoAddress {
  readonly name: string;
  readonly phone: string;
  readonly province: string;
  readonly city: string;
  readonly district: string;
  readonly line1: string;
}

/** A warehouse or pickup store of the demo shop, as `POST /warehouses` takes it. */
export interface DemoWarehouse {
  readonly code: string;
  readonly name: string;
  readonly kind: 'WAREHOUSE' | 'STORE';
  readonly address: DemoAddress;
  readonly location: { readonly lat: number; readonly lon: number };
}

const contact = { name: '仓库主管', phone: '4008123123' };

/** Warehouses in five provinces and two pickup stores, where a demo shop would have them. */
export const DEMO_WAREHOUSES: readonly DemoWarehouse[] = [
  {
    code: 'SH-QINGPU',
    name: '上海青浦仓',
    kind: 'WAREHOUSE',
    address: {
      ...contact,
      province: '上海市',
      city: '上海市',
      district: '青浦区',
      line1: '华新镇华志路 1 号',
    },
    location: { lat: 31.2, lon: 121.2 },
  },
  {
    code: 'GZ-BAIYUN',
    name: '广州白云仓',
    kind: 'WAREHOUSE',
    address: {
      ...contact,
      province: '广东省',
      city: '广州市',
      district: '白云区',
      line1: '太和镇物流园 8 号',
    },
    location: { lat: 23.31, lon: 113.35 },
  },
  {
    code: 'BJ-DAXING',
    name: '北京大兴仓',
    kind: 'WAREHOUSE',
    address: {
      ...contact,
      province: '北京市',
      city: '北京市',
      district: '大兴区',
      line1: '亦庄经济开发区 3 号',
    },
    location: { lat: 39.73, lon: 116.34 },
  },
  {
    code: 'CD-SHUANGLIU',
    name: '成都双流仓',
    kind: 'WAREHOUSE',
    address: {
      ...contact,
      province: '四川省',
      city: '成都市',
      district: '双流区',
      line1: '西航港物流园 5 号',
    },
    location: { lat: 30.57, lon: 103.95 },
  },
  {
    code: 'WH-DONGXIHU',
    name: '武汉东西湖仓',
    kind: 'WAREHOUSE',
    address: {
      ...contact,
      province: '湖北省',
      city: '武汉市',
      district: '东西湖区',
      line1: '走马岭物流园 2 号',
    },
    location: { lat: 30.68, lon: 114.14 },
  },
  {
    code: 'SH-STORE-JINGAN',
    name: '上海静安门店',
    kind: 'STORE',
    address: {
      ...contact,
      province: '上海市',
      city: '上海市',
      district: '静安区',
      line1: '南京西路 1266 号',
    },
    location: { lat: 31.23, lon: 121.46 },
  },
  {
    code: 'SZ-STORE-NANSHAN',
    name: '深圳南山门店',
    kind: 'STORE',
    address: {
      ...contact,
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      line1: '科技园深南大道 9 号',
    },
    location: { lat: 22.54, lon: 113.95 },
  },
];

/** A stable pseudo-random whole number in [0, range) for a seed string. */
function stableNumber(seed: string, range: number): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) % range;
}

/** Units of one SKU on one shelf. */
export interface DemoStock {
  readonly warehouseCode: string;
  readonly units: number;
}

/**
 * Where the demo stock of a variant goes, the same every time: 100–299 units in one of the
 * warehouses, and for a product's first variant also 1–5 units in one of the pickup stores.
 * One shelf per SKU keeps a seed within the gateway's default per-user rate limit.
 */
export function demoStock(sku: string, firstVariant: boolean): DemoStock[] {
  const warehouses = DEMO_WAREHOUSES.filter((w) => w.kind === 'WAREHOUSE');
  const stores = DEMO_WAREHOUSES.filter((w) => w.kind === 'STORE');
  const warehouse = warehouses[stableNumber(`${sku}@warehouse`, warehouses.length)];
  const shelves: DemoStock[] = [
    { warehouseCode: warehouse.code, units: 100 + stableNumber(`${sku}@${warehouse.code}`, 200) },
  ];
  if (firstVariant) {
    const store = stores[stableNumber(`${sku}@store`, stores.length)];
    shelves.push({ warehouseCode: store.code, units: 1 + stableNumber(`${sku}@${store.code}`, 5) });
  }
  return shelves;
}
