import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '@emporium/platform-http';
import {
  STATEMENT_PROVIDERS,
  type ConfirmPaymentRequest,
  type CreateRefundRequest,
  type ImportStatementRequest,
  type StatementProvider,
} from '@emporium/contracts';
import { SIMULATIONS, type Simulation } from '../../application/providers/payment-provider';

/** Largest page; larger `limit`s are capped to it (API.md "lists"). */
export const MAX_LIMIT = 100;

const toLimit = ({ value }: { value: unknown }) => Math.min(Number(value), MAX_LIMIT);

/** `POST /payments/{id}/confirm`; `pending`, `pending-decline` extend the contract (docs/payments.md). */
export class ConfirmPaymentDto implements ConfirmPaymentRequest {
  @IsOptional() @IsIn(SIMULATIONS) simulate?: Simulation;
}

/** `POST /payments/{id}/refunds`. */
export class CreateRefundDto implements CreateRefundRequest {
  @IsObject() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
  @IsString() @Length(1, 500) reason!: string;
}

/** `GET /payments?orderId=&limit=&cursor=`. */
export class ListPaymentsQueryDto {
  @IsOptional() @IsUUID() orderId?: string;
  @IsOptional() @Transform(toLimit) @IsInt() @Min(1) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

/** `GET /payments/reconciliation?date=&tz=`. */
export class ReconciliationQueryDto {
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be YYYY-MM-DD' })
  date!: string;
  @IsOptional() @IsString() @Length(1, 64) tz?: string;
}

/** `POST /payments/statements`: the statement file itself (up to the 1 MiB body), or none to fetch it. */
export class ImportStatementDto implements ImportStatementRequest {
  @IsIn(STATEMENT_PROVIDERS) provider!: StatementProvider;
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be YYYY-MM-DD' })
  date!: string;
  @IsOptional() @IsString() @Length(1, 1_000_000) content?: string;
}
