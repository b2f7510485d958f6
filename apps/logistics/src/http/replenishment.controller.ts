import { Controller, Get, Query } from '@nestjs/common';
import { MERCHANT_ROLES } from '@emporium/contracts';
import { Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { ReplenishmentService } from '../application/replenishment.service';
import { SuggestionsQueryDto } from './dto/replenishment.dto';

/** Replenishment: what to order, and from whom. */
@Controller('replenishment')
export class ReplenishmentController {
  constructor(private readonly replenishment: ReplenishmentService) {}

  /** What to order now per SKU and warehouse: forecast, lead time, safety stock, reorder point. */
  @Roles(...MERCHANT_ROLES)
  @Get('suggestions')
  @Answers('ReplenishmentSuggestionsView')
  suggestions(@Query() query: SuggestionsQueryDto) {
    return this.replenishment.suggestions(query);
  }
}
