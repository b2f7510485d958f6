import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import {
  SKU_PATTERN,
  type AddCartItemRequest,
  type ApplyCouponRequest,
  type SetCartQuantityRequest,
} from '@emporium/contracts';
import { MAX_LINE_QUANTITY } from '../../domain/cart';

/** `POST /cart/items`. */
export class AddCartItemDto implements AddCartItemRequest {
  // A SKU that cannot exist is bad input here, not a question for the catalog.
  @IsString()
  @Matches(SKU_PATTERN, { message: 'must be 1–64 letters, digits, dots, hyphens or underscores' })
  sku!: string;
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
