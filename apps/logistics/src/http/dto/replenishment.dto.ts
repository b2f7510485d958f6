import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

/** `GET /replenishment/suggestions?warehouseId=&sku=`: both optional filters. */
export class SuggestionsQueryDto {
  @IsOptional() @IsUUID() warehouseId?: string;
  @IsOptional() @IsString() @Length(1, 100) sku?: string;
}
