import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { ShippingAddressV1 } from '@emporium/contracts';

/** API.md's Address in a request body; province and city are full names (`广东省`, `深圳市`). */
export class AddressDto implements ShippingAddressV1 {
  @IsString() @Length(1, 100) name!: string;
  @Matches(/^\+?[0-9 -]{5,20}$/) phone!: string;
  @IsString() @Length(2, 20) province!: string;
  @IsString() @Length(2, 30) city!: string;
  @IsOptional() @IsString() @Length(1, 30) district?: string;
  @IsString() @Length(1, 200) line1!: string;
  @IsOptional() @Matches(/^\d{6}$/) postalCode?: string;
}
