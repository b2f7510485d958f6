import type { MigrationClass } from '@emporium/platform-persistence';
import { CreatePayments1764400000001 } from './1764400000001-create-payments';
import { CreateLedger1764400000002 } from './1764400000002-create-ledger';
import { CountWebhookDeliveries1764400000003 } from './1764400000003-count-webhook-deliveries';
import { CreateSandboxCallbacks1764400000004 } from './1764400000004-create-sandbox-callbacks';
import { FlagAmountMismatches1764400000005 } from './1764400000005-flag-amount-mismatches';
import { KeepProviderQrCodes1764400000006 } from './1764400000006-keep-provider-qr-codes';
import { CreateProviderStatements1764400000007 } from './1764400000007-create-provider-statements';
import { AskProvidersOfWaitingPayments1764400000008 } from './1764400000008-ask-providers-of-waiting-payments';

/** The payments service's own migrations, in order (outbox and inbox come from the platform). */
export const migrations: MigrationClass[] = [
  CreatePayments1764400000001,
  CreateLedger1764400000002,
  CountWebhookDeliveries1764400000003,
  CreateSandboxCallbacks1764400000004,
  FlagAmountMismatches1764400000005,
  KeepProviderQrCodes1764400000006,
  CreateProviderStatements1764400000007,
  AskProvidersOfWaitingPayments1764400000008,
];
