import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import type { Money } from '@emporium/contracts';

/** Money in a request body: integer minor units and an ISO 4217 code. */
export class MoneyDto implements Money {
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;

  @IsString()
  @Length(3, 3)
  currency!: string;
}
