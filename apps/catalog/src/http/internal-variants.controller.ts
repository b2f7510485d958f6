import { Controller, Get, Query } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsString, Length } from 'class-validator';
import type { SkuView } from '@emporium/contracts';
import { Public } from '@emporium/platform-auth';
import { ProductQueries } from '../application/product-queries.service';

class SkusQueryDto {
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',') : value,
  )
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  skus!: string[];
}

/**
 * Lookups for other services (orders prices carts with it). The gateway does not route here; the
 * data is what product pages show anyway, so no caller identity is needed.
 */
@Controller('internal/variants')
export class InternalVariantsController {
  constructor(private readonly queries: ProductQueries) {}

  @Public()
  @Get()
  async bySku(@Query() query: SkusQueryDto): Promise<{ items: SkuView[] }> {
    return { items: await this.queries.skus(query.skus) };
  }
}
