import type { MigrationClass } from '@emporium/platform-persistence';
import { CreateOrders1764400000000 } from './1764400000000-create-orders';
import { CreatePromotions1764400001000 } from './1764400001000-create-promotions';
import { AdvertisePromotions1796665891340 } from './1796665891340-advertise-promotions';
import { CreateMembership1796774400000 } from './1796774400000-create-membership';
import { CreatePointsLedger1796778000000 } from './1796778000000-create-points-ledger';

/** The orders service's own migrations, in order (outbox, inbox and idempotency keys come from the platform). */
export const migrations: MigrationClass[] = [
  CreateOrders1764400000000,
  CreatePromotions1764400001000,
  AdvertisePromotions1796665891340,
  CreateMembership1796774400000,
  CreatePointsLedger1796778000000,
];
