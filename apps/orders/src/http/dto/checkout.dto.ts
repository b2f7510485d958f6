import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { MoneyDto } from '@emporium/platform-http';
import type { PaymentMethodV1, ShippingAddressV1 } from '@emporium/contracts';
import type { DeliveryOption } from '../../persistence/order.entity';

const DELIVERY_OPTIONS: DeliveryOption[] = ['STANDARD', 'EXPRESS', 'SAME_DAY', 'STORE_PICKUP'];
const PAYMENT_METHODS: PaymentMethodV1[] = ['SANDBOX_CARD', 'ALIPAY_SANDBOX', 'WECHAT_SANDBOX'];

/** API.md's Address; province and city are full names (`广东省`, `深圳市`). */
export class AddressDto implements ShippingAddressV1 {
  @IsString() @Length(1, 100) name!: string;
  @Matches(/^\+?[0-9 -]{5,20}$/) phone!: string;
  @IsString() @Length(2, 20) province!: string;
  @IsString() @Length(2, 30) city!: string;
  @IsOptional() @IsString() @Length(1, 30) district?: string;
  @IsString() @Length(1, 200) line1!: string;
  @IsOptional() @Matches(/^\d{6}$/) postalCode?: string;
}

/** `POST /checkout/quote`. */
export class CheckoutQuoteDto {
  @ValidateNested() @Type(() => AddressDto) shippingAddress!: AddressDto;
  @IsIn(DELIVERY_OPTIONS) deliveryOption!: DeliveryOption;
  @IsOptional() @IsUUID() pickupStoreId?: string;
}

/** `POST /orders`. */
export class PlaceOrderDto extends CheckoutQuoteDto {
  @IsIn(PAYMENT_METHODS) paymentMethod!: PaymentMethodV1;
  @IsOptional() @IsString() @Length(1, 100) sessionId?: string;
  /** The total the customer was shown (the quote's `total`); a different total now is a 409. */
  @IsOptional() @ValidateNested() @Type(() => MoneyDto) expectedTotal?: MoneyDto;
}
