import type { MigrationClass } from '@emporium/platform-persistence';
import { CreateUsersAndRefreshTokens1764079200000 } from './1764079200000-create-users-and-refresh-tokens';
import { AddMemberSpend1764082800000 } from './1764082800000-add-member-spend';
import { CreatePaidOrders1764086400000 } from './1764086400000-create-paid-orders';
import { CreateWebhooks1764090000000 } from './1764090000000-create-webhooks';
import { NotifyWebhookSubscriptionChanges1796690000000 } from './1796690000000-notify-webhook-subscription-changes';
import { MembershipMovesToOrders1796774400000 } from './1796774400000-membership-moves-to-orders';

/** The gateway service's own migrations, in order (outbox and inbox come from the platform). */
export const migrations: MigrationClass[] = [
  CreateUsersAndRefreshTokens1764079200000,
  AddMemberSpend1764082800000,
  CreatePaidOrders1764086400000,
  CreateWebhooks1764090000000,
  NotifyWebhookSubscriptionChanges1796690000000,
  MembershipMovesToOrders1796774400000,
];
