import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import type { Identity } from '@emporium/contracts';
import { CurrentUser, Public, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { ReviewsService } from '../application/reviews.service';
import { CreateReviewDto } from './dto/create-review.dto';
import { ListReviewsQueryDto } from './dto/list-products.dto';

/** Reviews of a product: readable by everyone, written by customers who received it. */
@Controller('products/:idOrSlug/reviews')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  @Public()
  @Get()
  @Answers('ReviewViewPage')
  list(@Param('idOrSlug') idOrSlug: string, @Query() query: ListReviewsQueryDto) {
    return this.reviews.list(idOrSlug, query.limit ?? 20, query.cursor);
  }

  @Post()
  @Roles('customer')
  @Answers('ReviewView')
  create(
    @Param('idOrSlug') idOrSlug: string,
    @CurrentUser() user: Identity,
    @Body() dto: CreateReviewDto,
  ) {
    return this.reviews.create(idOrSlug, user.userId, dto);
  }
}
