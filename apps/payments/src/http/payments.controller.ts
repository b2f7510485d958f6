import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  BadRequestError,
  isCalendarDate,
  MERCHANT_ROLES,
  STAFF_ROLES,
  type Identity,
} from '@emporium/contracts';
import { CurrentUser, Roles } from '@emporium/platform-auth';
import { Answers, Idempotent } from '@emporium/platform-http';
import { ConfirmPaymentService } from '../application/confirm-payment.service';
import { PaymentsService } from '../application/payments.service';
import { ReconciliationService } from '../application/reconciliation.service';
import { RefundsService } from '../application/refunds.service';
import { StatementsService } from '../application/statements.service';
import { ProviderUnavailableError } from '../domain/provider-events';
import {
  ConfirmPaymentDto,
  CreateRefundDto,
  ImportStatementDto,
  ListPaymentsQueryDto,
  ReconciliationQueryDto,
} from './dto/payments.dto';
import { toPaymentView, toRefundView, toStatementImportView } from './payment-views';

function knownTimeZone(tz: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new BadRequestError('invalid-time-zone', `Unknown time zone ${tz}`);
  }
}

/** A date the calendar has (the DTO's pattern lets 2026-02-31 through). */
function realDay(date: string): string {
  if (!isCalendarDate(date)) throw new BadRequestError('invalid-date', `No day ${date}`);
  return date;
}

/** How long a client waits before trying a provider again (503 `provider-unavailable`), seconds. */
const PROVIDER_RETRY_AFTER_S = 5;

/** A provider out of reach is answered with Retry-After, as the platform answers its own outages. */
async function retryAfterOutage<T>(reply: FastifyReply, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ProviderUnavailableError)
      void reply.header('retry-after', String(PROVIDER_RETRY_AFTER_S));
    throw error;
  }
}

/** Payments: reading, confirming, refunding, and the daily reconciliation. */
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly confirmation: ConfirmPaymentService,
    private readonly refunds: RefundsService,
    private readonly reconciliation: ReconciliationService,
    private readonly statements: StatementsService,
  ) {}

  @Get()
  @Answers('PaymentViewPage')
  async list(@Query() query: ListPaymentsQueryDto, @CurrentUser() caller: Identity) {
    const page = await this.payments.list(
      { orderId: query.orderId, limit: query.limit ?? 20, cursor: query.cursor },
      caller,
    );
    return { items: page.items.map(toPaymentView), nextCursor: page.nextCursor };
  }

  @Get('reconciliation')
  @Roles(...MERCHANT_ROLES)
  @Answers('ReconciliationReport')
  report(@Query() query: ReconciliationQueryDto) {
    return this.reconciliation.report(query.date, knownTimeZone(query.tz ?? 'Asia/Shanghai'));
  }

  @Post('statements')
  @Roles(...MERCHANT_ROLES)
  @Answers('StatementImportView')
  async importStatement(
    @Body() dto: ImportStatementDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return toStatementImportView(
      await retryAfterOutage(
        reply,
        this.statements.import(dto.provider, realDay(dto.date), dto.content),
      ),
    );
  }

  @Get(':id')
  @Answers('PaymentView')
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() caller: Identity) {
    return toPaymentView(await this.payments.find(id, caller));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Idempotent()
  @Answers('PaymentView')
  async confirm(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ConfirmPaymentDto,
    @CurrentUser() caller: Identity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await retryAfterOutage(reply, this.confirmation.confirm(id, caller, dto.simulate));
    return toPaymentView(await this.payments.find(id, caller));
  }

  @Post(':id/refunds')
  @Roles(...STAFF_ROLES)
  @Idempotent()
  @Answers('RefundView')
  async refund(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateRefundDto) {
    return toRefundView(await this.refunds.refund(id, dto.amount, dto.reason));
  }
}
