import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import type { CreateTransferRequest } from '@emporium/contracts';

/** `POST /transfers`. */
export class CreateTransferDto implements CreateTransferRequest {
  @IsString() @Length(1, 100) sku!: string;
  @IsUUID() fromWarehouseId!: string;
  @IsUUID() toWarehouseId!: string;
  @IsInt() @Min(1) @Max(10_000_000) quantity!: number;
}

/** `GET /transfers/suggestions?sku=`. */
export class TransferSuggestionsQueryDto {
  @IsOptional() @IsString() @Length(1, 100) sku?: string;
}
