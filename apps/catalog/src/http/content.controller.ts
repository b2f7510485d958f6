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
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MERCHANT_ROLES, isMerchant, type Identity } from '@emporium/contracts';
import { CurrentUser, Public, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { ContentService } from '../application/content.service';
import { InvalidContentError } from '../domain/content-schedule';
import {
  BannersQueryDto,
  CreateContentBannerDto,
  CreateContentPageDto,
  ListContentQueryDto,
  UpdateContentBannerDto,
  UpdateContentPageDto,
} from './dto/content.dto';

const DEFAULT_LIMIT = 20;

/** Content marketing: live pages and banners for storefronts, CRUD for merchants. */
@Controller('content')
export class ContentController {
  constructor(private readonly content: ContentService) {}

  /**
   * A page by slug for storefronts: only a published one inside its schedule (cached JSON answered
   * as it is). Merchants read any page, by id or slug, as it is now.
   */
  @Public()
  @Get('pages/:idOrSlug')
  @Answers('ContentPageView')
  async page(
    @Param('idOrSlug') idOrSlug: string,
    @CurrentUser() user: Identity | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.type('application/json; charset=utf-8');
    if (user && isMerchant(user)) return JSON.stringify(await this.content.page(idOrSlug));
    return this.content.livePageJson(idOrSlug);
  }

  /**
   * With `placement`: the banners live now there, highest priority first (cached). Without it, for
   * merchants only: every banner, newest first, paged.
   */
  @Public()
  @Get('banners')
  @Answers('ContentBannerViewPage')
  async banners(
    @Query() query: BannersQueryDto,
    @CurrentUser() user: Identity | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.type('application/json; charset=utf-8');
    if (query.placement !== undefined) return this.content.liveBannersJson(query.placement);
    if (!user || !isMerchant(user)) {
      throw new InvalidContentError('placement-required', 'placement is required');
    }
    const limit = query.limit ?? DEFAULT_LIMIT;
    return JSON.stringify(await this.content.listBanners(limit, query.cursor));
  }

  @Get('pages')
  @Roles(...MERCHANT_ROLES)
  @Answers('ContentPageViewPage')
  listPages(@Query() query: ListContentQueryDto) {
    return this.content.listPages(query.limit ?? DEFAULT_LIMIT, query.cursor);
  }

  @Post('pages')
  @Roles(...MERCHANT_ROLES)
  @Answers('ContentPageView')
  createPage(@Body() dto: CreateContentPageDto) {
    return this.content.createPage(dto);
  }

  @Patch('pages/:id')
  @Roles(...MERCHANT_ROLES)
  @Answers('ContentPageView')
  updatePage(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateContentPageDto) {
    return this.content.updatePage(id, dto);
  }

  @Delete('pages/:id')
  @HttpCode(204)
  @Roles(...MERCHANT_ROLES)
  async deletePage(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.content.deletePage(id);
  }

  @Post('banners')
  @Roles(...MERCHANT_ROLES)
  @Answers('ContentBannerView')
  createBanner(@Body() dto: CreateContentBannerDto) {
    return this.content.createBanner(dto);
  }

  @Get('banners/:id')
  @Roles(...MERCHANT_ROLES)
  @Answers('ContentBannerView')
  banner(@Param('id', ParseUUIDPipe) id: string) {
    return this.content.banner(id);
  }

  @Patch('banners/:id')
  @Roles(...MERCHANT_ROLES)
  @Answers('ContentBannerView')
  updateBanner(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateContentBannerDto) {
    return this.content.updateBanner(id, dto);
  }

  @Delete('banners/:id')
  @HttpCode(204)
  @Roles(...MERCHANT_ROLES)
  async deleteBanner(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.content.deleteBanner(id);
  }
}
