import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ForbiddenError,
  NotFoundError,
  isMerchant,
  type Identity,
  type PromotionV1,
} from '@emporium/contracts';
import { CurrentUser, Public, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { PromotionsService } from '../application/promotions.service';
import {
  CreatePromotionDto,
  ListPromotionsQueryDto,
  UpdatePromotionDto,
} from './dto/promotion.dto';
import { forViewer, toPromotionView } from './promotion-views';

/** Promotions: merchants manage them; anyone sees the ones on offer. */
@Controller('promotions')
export class PromotionsController {
  constructor(private readonly promotions: PromotionsService) {}

  @Roles('merchant', 'admin')
  @Post()
  @Answers('PromotionV1')
  async create(@Body() dto: CreatePromotionDto): Promise<PromotionV1> {
    return toPromotionView(await this.promotions.create(dto));
  }

  @Public()
  @Get()
  @Answers('PromotionV1Page')
  async list(
    @Query() query: ListPromotionsQueryDto,
    @CurrentUser() user?: Identity,
  ): Promise<{ items: PromotionV1[]; nextCursor: string | null }> {
    const filter = query.status ?? 'active';
    if (filter !== 'active' && !(user && isMerchant(user))) {
      throw new ForbiddenError('forbidden', 'Only merchants see promotions that are not on offer');
    }
    const page = await this.promotions.list(filter, { limit: query.limit, cursor: query.cursor });
    return {
      items: page.items.map((p) => forViewer(toPromotionView(p), user)),
      nextCursor: page.nextCursor,
    };
  }

  @Public()
  @Get(':id')
  @Answers('PromotionV1')
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user?: Identity,
  ): Promise<PromotionV1> {
    const promotion = await this.promotions.get(id);
    // Shoppers see only what is on offer; the rest is as good as absent to them.
    if (!(user && isMerchant(user)) && !this.promotions.isOnOffer(promotion)) {
      throw new NotFoundError('promotion-not-found', `No promotion ${id}`);
    }
    return forViewer(toPromotionView(promotion), user);
  }

  @Roles('merchant', 'admin')
  @Patch(':id')
  @Answers('PromotionV1')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdatePromotionDto,
  ): Promise<PromotionV1> {
    return toPromotionView(await this.promotions.update(id, dto));
  }

  @Roles('merchant', 'admin')
  @Delete(':id')
  @HttpCode(204)
  async end(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.promotions.end(id);
  }
}
