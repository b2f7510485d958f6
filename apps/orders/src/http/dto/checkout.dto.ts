import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { AddressDto, MoneyDto } from '@emporium/platform-http';
import {
  DELIVERY_OPTIONS,
  PAYMENT_METHODS,
  type CheckoutQuoteRequest,
  type DeliveryOption,
  type PaymentMethod,
  type PlaceOrderRequest,
} from '@emporium/contracts';

/** `POST /checkout/quote`. */
export class CheckoutQuoteDto implements CheckoutQuoteRequest {
  @IsObject() @ValidateNested() @Type(() => AddressDto) shippingAddress!: AddressDto;
  @IsIn(DELIVERY_OPTIONS) deliveryOption!: DeliveryOption;
  @IsOptional() @IsUUID() pickupStoreId?: string;
}

/** `POST /orders`. */
export class PlaceOrderDto extends CheckoutQuoteDto implements PlaceOrderRequest {
  @IsIn(PAYMENT_METHODS) paymentMethod!: PaymentMethod;
  /** The behavior session: chosen by the client and exported to merchants' CSVs, so a safe alphabet only. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, {
    message: 'sessionId must be 1-128 letters, digits, dashes or underscores',
  })
  sessionId?: string;
  /** The total the customer was shown (the quote's `total`); a different total now is a 409. */
  @IsOptional() @ValidateNested() @Type(() => MoneyDto) expectedTotal?: MoneyDto;
}
