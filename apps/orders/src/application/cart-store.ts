import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@emporium/platform-redis';
import { MAX_LINE_QUANTITY, type CartContents } from '../domain/cart';
import type { OrdersConfig } from '../config';
import { ORDERS_CONFIG } from './tokens';

/** Whose cart: a signed-in user's, or a guest's by the token of `X-Cart-Token`. */
export type CartOwner = { readonly customerId: string } | { readonly guestToken: string };

const SKU = 'sku:';
const COUPON = 'coupon:';
const GUEST_TOKEN = /^[A-Za-z0-9_-]{32}$/;

// Moves a guest cart into a customer cart in one step, adding quantities of the same SKU (capped),
// so two requests merging at once cannot add the guest's items twice.
const MERGE = `
local guest = redis.call('HGETALL', KEYS[1])
for i = 1, #guest, 2 do
  local field, value = guest[i], guest[i + 1]
  if string.sub(field, 1, 4) == 'sku:' then
    local total = redis.call('HINCRBY', KEYS[2], field, tonumber(value))
    if total > tonumber(ARGV[1]) then redis.call('HSET', KEYS[2], field, ARGV[1]) end
  else
    redis.call('HSET', KEYS[2], field, value)
  end
end
redis.call('DEL', KEYS[1])
if #guest > 0 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
return #guest / 2
`;

/**
 * Carts in Redis: one hash per cart (`sku:<sku>` → quantity, `coupon:<code>` → 1), expiring after
 * it has been idle for the configured days. Every change is a single atomic command.
 */
@Injectable()
export class CartStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /** A new guest cart token (what `X-Cart-Token` carries). */
  newGuestToken(): string {
    return randomBytes(24).toString('base64url');
  }

  /** Whether a header value can be a guest cart token at all. */
  isGuestToken(token: string): boolean {
    return GUEST_TOKEN.test(token);
  }

  async contents(owner: CartOwner): Promise<CartContents> {
    const hash = await this.redis.hgetall(this.key(owner));
    const items: { sku: string; quantity: number }[] = [];
    const couponCodes: string[] = [];
    for (const [field, value] of Object.entries(hash)) {
      if (field.startsWith(SKU))
        items.push({ sku: field.slice(SKU.length), quantity: Number(value) });
      else if (field.startsWith(COUPON)) couponCodes.push(field.slice(COUPON.length));
    }
    items.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    return { items, couponCodes: couponCodes.sort() };
  }

  async quantityOf(owner: CartOwner, sku: string): Promise<number> {
    return Number((await this.redis.hget(this.key(owner), SKU + sku)) ?? 0);
  }

  async setQuantity(owner: CartOwner, sku: string, quantity: number): Promise<void> {
    await this.touch(owner, this.redis.multi().hset(this.key(owner), SKU + sku, quantity));
  }

  async remove(owner: CartOwner, sku: string): Promise<void> {
    await this.touch(owner, this.redis.multi().hdel(this.key(owner), SKU + sku));
  }

  async addCoupon(owner: CartOwner, code: string): Promise<void> {
    await this.touch(owner, this.redis.multi().hset(this.key(owner), COUPON + code, 1));
  }

  async removeCoupon(owner: CartOwner, code: string): Promise<void> {
    await this.touch(owner, this.redis.multi().hdel(this.key(owner), COUPON + code));
  }

  /** Moves a guest's cart into the customer's; quantities of one SKU add up. */
  async merge(guestToken: string, customerId: string): Promise<void> {
    await this.redis.eval(
      MERGE,
      2,
      this.key({ guestToken }),
      this.key({ customerId }),
      MAX_LINE_QUANTITY,
      this.ttlSeconds({ customerId }),
    );
  }

  async clear(owner: CartOwner): Promise<void> {
    await this.redis.del(this.key(owner));
  }

  private async touch(owner: CartOwner, change: ReturnType<Redis['multi']>): Promise<void> {
    await change.expire(this.key(owner), this.ttlSeconds(owner)).exec();
  }

  private ttlSeconds(owner: CartOwner): number {
    const days =
      'customerId' in owner
        ? this.config.ORDERS_CART_TTL_DAYS
        : this.config.ORDERS_GUEST_CART_TTL_DAYS;
    return Math.round(days * 86_400);
  }

  private key(owner: CartOwner): string {
    return 'customerId' in owner
      ? `orders:cart:customer:${owner.customerId}`
      : `orders:cart:guest:${owner.guestToken}`;
  }
}
