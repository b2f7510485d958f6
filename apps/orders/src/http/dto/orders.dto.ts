import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ORDER_STATUSES,
  type DecideReturnRequest,
  type OrderStatus,
  type RequestReturnRequest,
} from '@emporium/contracts';

/** `GET /orders` query. */
export class ListOrdersQueryDto {
  @IsOptional() @IsIn(ORDER_STATUSES) status?: OrderStatus;
  @IsOptional() @IsUUID() customerId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
  @IsOptional() @IsString() @Length(1, 200) cursor?: string;
}

/** One line of a return request. */
export class ReturnLineDto {
  @IsString() @Length(1, 64) sku!: string;
  @IsInt() @Min(1) @Max(10_000) quantity!: number;
}

/** `POST /orders/{id}/returns`. */
export class RequestReturnDto implements RequestReturnRequest {
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReturnLineDto)
  lines!: ReturnLineDto[];
  @IsString() @Length(1, 500) reason!: string;
}

/** `POST /returns/{id}/approve` and `/reject`: an optional note (why it was rejected). */
export class DecideReturnDto implements DecideReturnRequest {
  @IsOptional() @IsString() @Length(1, 500) note?: string;
}
