import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from './page.dto';
import {
  PURCHASE_ORDER_STATUSES,
  type CreatePurchaseOrderRequest,
  type CreateSupplierRequest,
  type PurchaseLineRequest,
  type PurchaseOrderStatus,
  type ReceivePurchaseOrderRequest,
} from '@emporium/contracts';

/** `POST /suppliers`. */
export class CreateSupplierDto implements CreateSupplierRequest {
  @IsString() @Length(1, 100) name!: string;
  @IsInt() @Min(1) @Max(365) leadTimeDays!: number;
  @IsInt() @Min(1) @Max(1_000_000) minOrderQuantity!: number;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  skus!: string[];
}

/** Units of one SKU on an order or a receipt. */
export class PurchaseLineDto implements PurchaseLineRequest {
  @IsString() @Length(1, 100) sku!: string;
  @IsInt() @Min(1) @Max(10_000_000) quantity!: number;
}

/** `POST /purchase-orders`. */
export class CreatePurchaseOrderDto implements CreatePurchaseOrderRequest {
  @IsUUID() supplierId!: string;
  @IsUUID() warehouseId!: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseLineDto)
  lines?: PurchaseLineDto[];
}

/** `POST /purchase-orders/{id}/receipts`. */
export class ReceivePurchaseOrderDto implements ReceivePurchaseOrderRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseLineDto)
  lines!: PurchaseLineDto[];
}

/** `GET /purchase-orders?status=&limit=&cursor=`. */
export class PurchaseOrdersQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(PURCHASE_ORDER_STATUSES) status?: PurchaseOrderStatus;
}
