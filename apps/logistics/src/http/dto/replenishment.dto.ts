import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from './page.dto';

/** `GET /replenishment/suggestions?warehouseId=&sku=&limit=&cursor=`: optional filters, paged. */
export class SuggestionsQueryDto extends PageQueryDto {
  @IsOptional() @IsUUID() warehouseId?: string;
  @IsOptional() @IsString() @Length(1, 100) sku?: string;
}
