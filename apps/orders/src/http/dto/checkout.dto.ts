import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { AddressDto, MoneyDto } from '@emporium/platform-http';
import type { PaymentMethodV1 } from '@emporium/contracts';
import type { DeliveryOption } from '../../persistence/order.entity';

const DELIVERY_OPTIONS: DeliveryOption[] = ['STANDARD', 'EXPRESS', 'SAME_DAY', 'STORE_PICKUP'];
const PAYMENT_METHODS: PaymentMethodV1[] = ['SANDBOX_CARD', 'ALIPAY_SANDBOX', 'WECHAT_SANDBOX'];

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
