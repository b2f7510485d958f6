import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadRequestError, BusinessRuleError, type StatementSource } from '@emporium/contracts';
import { counter } from '@emporium/platform-observability';
import { transaction } from '@emporium/platform-persistence';
import { ProviderUnavailableError } from '../domain/provider-events';
import { matchStatement, type StatementMismatch } from '../domain/statements';
import { PaymentEntity } from '../persistence/payment.entity';
import {
  capturesOfDay,
  paymentIdsByRef,
  refundsOfDay,
  replaceMismatches,
  saveStatement,
} from '../persistence/statement.queries';
import { PaymentActions } from './payment-actions';
import { StatementNotAvailableError } from './providers/payment-provider';
import { PAYMENT_PROVIDERS, type PaymentProviders } from './providers/payment-providers';

/** Statements are of China business days, as Alipay and WeChat Pay cut them. */
const STATEMENT_TIME_ZONE = 'Asia/Shanghai';

const statementMismatches = counter(
  'emporium_payments_statement_mismatches_total',
  'Differences found between a provider statement and the ledger, by provider and kind',
  ['provider', 'kind'],
);

/** What an import found. */
export interface StatementImport {
  readonly provider: string;
  readonly date: string;
  readonly source: StatementSource;
  readonly lines: number;
  readonly matched: number;
  readonly mismatches: readonly StatementMismatch[];
  /** Mismatches not seen at an earlier import of the same statement (raised to staff now). */
  readonly newMismatches: number;
}

/**
 * Statement reconciliation (对账): a provider's statement of a day, uploaded or downloaded from it,
 * matched line by line against the ledger; each new difference on a payment flags it for staff.
 */
@Injectable()
export class StatementsService {
  private readonly log = new Logger(StatementsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly actions: PaymentActions,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
  ) {}

  /** Imports the statement of `provider` for `date`: `content` as uploaded, else downloaded. */
  async import(providerName: string, date: string, content?: string): Promise<StatementImport> {
    const provider = this.providers.named(providerName);
    if (!provider.readStatement || !provider.downloadStatement) {
      throw new BusinessRuleError(
        'statements-not-supported',
        `The ${providerName} provider publishes no statements (its gateway is not configured)`,
      );
    }
    const text =
      content ??
      (await provider.downloadStatement(date).catch((error: unknown) => {
        if (error instanceof StatementNotAvailableError)
          throw new BusinessRuleError('statement-not-available', error.message);
        this.log.warn(`${provider.name} statement ${date}: not downloaded: ${String(error)}`);
        throw new ProviderUnavailableError(provider.name);
      }));
    const lines = provider.readStatement(text);
    if (typeof lines === 'string') throw new BadRequestError('invalid-statement', lines);

    const [captures, refunds] = await Promise.all([
      capturesOfDay(this.db, provider.name, date, STATEMENT_TIME_ZONE),
      refundsOfDay(this.db, provider.name, date, STATEMENT_TIME_ZONE),
    ]);
    const known = await paymentIdsByRef(
      this.db,
      provider.name,
      lines.map((l) => l.providerRef),
    );
    const { matched, mismatches } = matchStatement(lines, captures, refunds, (ref) =>
      known.get(ref),
    );
    const source = content === undefined ? 'PROVIDER' : 'UPLOAD';

    const fresh = await transaction(this.db, async (tx) => {
      await saveStatement(tx, {
        provider: provider.name,
        date,
        source,
        contentSha256: createHash('sha256').update(text).digest('hex'),
        lineCount: lines.length,
        matchedCount: matched,
      });
      const added = await replaceMismatches(tx, provider.name, date, 'CNY', mismatches);
      // Payment rows locked in one order, so two imports never wait on each other.
      const byPayment = [...added].sort((a, b) =>
        (a.paymentId ?? '').localeCompare(b.paymentId ?? ''),
      );
      for (const m of byPayment) {
        statementMismatches.inc({ provider: provider.name, kind: m.kind });
        if (!m.paymentId) {
          // No payment of ours has this reference: nothing to flag, the report lists it.
          this.log.warn(`${provider.name} statement ${date}: ${m.kind} ${m.reference} is not ours`);
          continue;
        }
        const payment = await tx.findOne(PaymentEntity, {
          where: { id: m.paymentId },
          lock: { mode: 'pessimistic_write' },
        });
        if (payment)
          await this.actions.flagStatementMismatch(
            tx,
            payment,
            { provider: provider.name, date },
            m,
          );
      }
      return added.length;
    });
    return {
      provider: provider.name,
      date,
      source,
      lines: lines.length,
      matched,
      mismatches,
      newMismatches: fresh,
    };
  }
}
