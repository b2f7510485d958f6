import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import type { OrderStatus } from '../../domain/order-status';

const STATUSES: OrderStatus[] = [
  'PENDING', 'AWAITING_PAYMENT', 'PAID', 'FULFILLING', 'SHIPPED', 'DELIVERED', 'COMPLETED',
  'CANCELLED', 'RETURN_REQUESTED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'READY_FOR_PICKUP',
];

/** `GET /orders` query. */
export class ListOrdersQueryDto {
  @IsOptional() @IsIn(STATUSES) status?: OrderStatus;
  @IsOptional() @IsUUID() customerId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @IsOptional() @IsString() @Length(1, 200) cursor?: string;
}

class ReturnLineDto {
  @IsString() @Length(1, 64) sku!: string;
  @IsInt() @Min(1) @Max(10_000) quantity!: number;
}

/** `POST /orders/{id}/returns`. */
export class RequestReturnDto {
  @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ReturnLineDto) lines!: ReturnLineDto[];
  @IsString() @Length(1, 500) reason!: string;
}

/** `POST /returns/{id}/approve` and `/reject`: an optional note (why it was rejected). */
export class DecideReturnDto {
  @IsOptional() @IsString() @Length(1, 500) note?: string;
}
