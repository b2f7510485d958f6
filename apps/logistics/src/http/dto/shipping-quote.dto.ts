import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AddressDto } from '@emporium/platform-http';
import type { ShippingQuoteRequest } from '@emporium/contracts';

/** One line of a quote. */
export class QuoteItemDto {
  @IsString() @Length(1, 64) sku!: string;
  @IsInt() @Min(1) @Max(10_000) quantity!: number;
}

/** `POST /shipping/quote`. */
export class ShippingQuoteDto implements ShippingQuoteRequest {
  @IsObject() @ValidateNested() @Type(() => AddressDto) destination!: AddressDto;

  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => QuoteItemDto)
  items!: QuoteItemDto[];
}
