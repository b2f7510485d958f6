import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Identity } from '@emporium/contracts';
import { CurrentUser, Public } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { RecommendationsService } from '../application/recommendations.service';
import { LimitQueryDto } from './dto/analytics-query.dto';

/** Recommendations of API.md: for a product (anyone) and for the signed-in customer. */
@Controller()
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get('products/:id/recommendations')
  @Public()
  @Answers('RecommendationViewPage')
  async forProduct(@Param('id') id: string, @Query() q: LimitQueryDto) {
    return { items: await this.recommendations.forProduct(id, q.limit ?? 10), nextCursor: null };
  }

  @Get('me/recommendations')
  @Answers('RecommendationViewPage')
  async forMe(@CurrentUser() caller: Identity, @Query() q: LimitQueryDto) {
    return {
      items: await this.recommendations.forCustomer(caller.userId, q.limit ?? 10),
      nextCursor: null,
    };
  }
}
