import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import type {
  AddCartItemRequest,
  ApplyCouponRequest,
  SetCartQuantityRequest,
} from '@emporium/contracts';
import { MAX_LINE_QUANTITY } from '../../domain/cart';

/** `POST /cart/items`. */
export class AddCartItemDto implements AddCartItemRequest {
  @IsString() @Length(1, 64) sku!: string;
  @IsInt() @Min(1) @Max(MAX_LINE_QUANTITY) quantity!: number;
}

/** `PATCH /cart/items/{sku}`: 0 removes the item. */
export class SetCartQuantityDto implements SetCartQuantityRequest {
  @IsInt() @Min(0) @Max(MAX_LINE_QUANTITY) quantity!: number;
}

/** `POST /cart/coupons`. */
export class ApplyCouponDto implements ApplyCouponRequest {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, {
    message: 'code must be 1-40 letters, digits, dashes or underscores',
  })
  code!: string;
}
