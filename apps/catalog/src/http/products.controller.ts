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
import { isMerchant, type Identity } from '@emporium/contracts';
import { CurrentUser, Public, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { ProductQueries } from '../application/product-queries.service';
import { ProductsService } from '../application/products.service';
import { CreateProductDto, UpdateProductDto } from './dto/product.dto';
import { ListProductsQueryDto } from './dto/list-products.dto';

const DEFAULT_LIMIT = 20;

/** Products: browsing and search for everyone, writes for merchants. */
@Controller('products')
export class ProductsController {
  constructor(
    private readonly queries: ProductQueries,
    private readonly products: ProductsService,
  ) {}

  /** Hot reads answer the cached JSON as it is, without parsing it again. */
  @Public()
  @Get()
  @Answers('ProductSummaryPage')
  list(
    @Query() query: ListProductsQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.type('application/json; charset=utf-8');
    return this.queries.listJson({ ...query, limit: query.limit ?? DEFAULT_LIMIT });
  }

  @Public()
  @Get(':idOrSlug')
  @Answers('ProductDetail')
  detail(
    @Param('idOrSlug') idOrSlug: string,
    @CurrentUser() user: Identity | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.type('application/json; charset=utf-8');
    const seesAll = user !== undefined && isMerchant(user);
    return this.queries.detailJson(idOrSlug, seesAll);
  }

  @Post()
  @Roles('merchant', 'admin')
  @Answers('ProductDetail')
  create(@Body() dto: CreateProductDto) {
    return this.products.create(dto);
  }

  @Patch(':id')
  @Roles('merchant', 'admin')
  @Answers('ProductDetail')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateProductDto) {
    return this.products.update(id, dto);
  }

  /** Archives: the product leaves listings but keeps its history and SKUs. */
  @Delete(':id')
  @HttpCode(204)
  @Roles('merchant', 'admin')
  async archive(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.products.archive(id);
  }
}
