import type { MigrationClass } from '@emporium/platform-persistence';
import { CreateStock1764100000000 } from './1764100000000-create-stock';
import { CreateSkuSpecs1764100000001 } from './1764100000001-create-sku-specs';
import { CreateShipments1764100000002 } from './1764100000002-create-shipments';
import { CreateCarrierWebhookEvents1796665394465 } from './1796665394465-create-carrier-webhook-events';
import { AddStorePickup1796667382371 } from './1796667382371-add-store-pickup';
import { CreateStockMovements1796745600000 } from './1796745600000-create-stock-movements';
import { AddReorderPoints1796749200000 } from './1796749200000-add-reorder-points';
import { CreatePurchasing1796752800000 } from './1796752800000-create-purchasing';
import { AddShipmentCartons1796756400000 } from './1796756400000-add-shipment-cartons';
import { CreateReplenishmentPlans1796760000000 } from './1796760000000-create-replenishment-plans';
import { CreateCoverageSnapshots1796763600000 } from './1796763600000-create-coverage-snapshots';

/** The logistics service's own migrations, in order (outbox and inbox come from the platform). */
export const migrations: MigrationClass[] = [
  CreateStock1764100000000,
  CreateSkuSpecs1764100000001,
  CreateShipments1764100000002,
  CreateCarrierWebhookEvents1796665394465,
  AddStorePickup1796667382371,
  CreateStockMovements1796745600000,
  AddReorderPoints1796749200000,
  CreatePurchasing1796752800000,
  AddShipmentCartons1796756400000,
  CreateReplenishmentPlans1796760000000,
  CreateCoverageSnapshots1796763600000,
];
