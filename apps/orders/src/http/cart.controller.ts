import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Identity } from '@emporium/contracts';
import { CurrentUser, Public } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { CartService, type CartCaller, type CartResult } from '../application/cart.service';
import { AddCartItemDto, ApplyCouponDto, SetCartQuantityDto } from './dto/cart.dto';
import { toCartView } from './order-views';

const CART_TOKEN = 'x-cart-token';

/**
 * The cart, for guests (by `X-Cart-Token`) and customers alike. Every mutation answers 200 with the
 * whole cart; a guest's first `POST /cart/items` issues the token in the response header.
 */
@Public()
@Controller('cart')
export class CartController {
  constructor(private readonly carts: CartService) {}

  @Get()
  @Answers('CartView')
  async view(
    @CurrentUser() user: Identity | undefined,
    @Headers(CART_TOKEN) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer(reply, await this.carts.view(caller(user, token)));
  }

  @Post('items')
  @HttpCode(200)
  @Answers('CartView')
  async add(
    @Body() dto: AddCartItemDto,
    @CurrentUser() user: Identity | undefined,
    @Headers(CART_TOKEN) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer(reply, await this.carts.add(caller(user, token), dto.sku, dto.quantity));
  }

  @Patch('items/:sku')
  @Answers('CartView')
  async setQuantity(
    @Param('sku') sku: string,
    @Body() dto: SetCartQuantityDto,
    @CurrentUser() user: Identity | undefined,
    @Headers(CART_TOKEN) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer(reply, await this.carts.setQuantity(caller(user, token), sku, dto.quantity));
  }

  @Delete('items/:sku')
  @Answers('CartView')
  async remove(
    @Param('sku') sku: string,
    @CurrentUser() user: Identity | undefined,
    @Headers(CART_TOKEN) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer(reply, await this.carts.remove(caller(user, token), sku));
  }

  @Post('coupons')
  @HttpCode(200)
  @Answers('CartView')
  async addCoupon(
    @Body() dto: ApplyCouponDto,
    @CurrentUser() user: Identity | undefined,
    @Headers(CART_TOKEN) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer(reply, await this.carts.addCoupon(caller(user, token), dto.code));
  }

  @Delete('coupons/:code')
  @Answers('CartView')
  async removeCoupon(
    @Param('code') code: string,
    @CurrentUser() user: Identity | undefined,
    @Headers(CART_TOKEN) token: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.answer(reply, await this.carts.removeCoupon(caller(user, token), code));
  }

  private answer(reply: FastifyReply, result: CartResult) {
    if (result.issuedToken) void reply.header(CART_TOKEN, result.issuedToken);
    return toCartView(result.pricing, result.couponCodes);
  }
}

function caller(user: Identity | undefined, guestToken: string | undefined): CartCaller {
  return { user, guestToken };
}
