import { Injectable } from '@nestjs/common';
import { BusinessRuleError, NotFoundError, type Identity } from '@emporium/contracts';
import { checkCartSize, checkLineQuantity, MAX_COUPONS } from '../domain/cart';
import { CartPricingService, type CartPricing } from './cart-pricing.service';
import { CatalogClient } from './catalog-client';
import { CartStore, type CartOwner } from './cart-store';

/** Who a cart request comes from: the caller (if signed in) and the `X-Cart-Token` (if any). */
export interface CartCaller {
  readonly user?: Identity;
  readonly guestToken?: string;
}

/** A cart's owner, with the guest token when this request issued it. */
type IssuedOwner = CartOwner & { readonly issued?: string };

/** A priced cart, and the guest token to hand back when one was issued. */
export interface CartResult {
  readonly pricing: CartPricing;
  readonly couponCodes: readonly string[];
  readonly issuedToken?: string;
}

/**
 * The cart use cases. A signed-in caller's cart is theirs; a guest's is found by token, and a
 * request carrying both merges the guest cart into the customer's.
 */
@Injectable()
export class CartService {
  constructor(
    private readonly store: CartStore,
    private readonly catalog: CatalogClient,
    private readonly pricing: CartPricingService,
  ) {}

  async view(caller: CartCaller): Promise<CartResult> {
    const owner = await this.ownerOf(caller, false);
    return this.priced(owner, caller);
  }

  async add(caller: CartCaller, sku: string, quantity: number): Promise<CartResult> {
    const owner = await this.ownerOf(caller, true);
    const current = await this.store.quantityOf(owner!, sku);
    await this.checkItem(owner!, sku, current + quantity, current === 0);
    await this.store.setQuantity(owner!, sku, current + quantity);
    return this.priced(owner, caller);
  }

  async setQuantity(caller: CartCaller, sku: string, quantity: number): Promise<CartResult> {
    const owner = await this.requireItem(caller, sku);
    if (quantity === 0) await this.store.remove(owner, sku);
    else {
      await this.checkItem(owner, sku, quantity, false);
      await this.store.setQuantity(owner, sku, quantity);
    }
    return this.priced(owner, caller);
  }

  async remove(caller: CartCaller, sku: string): Promise<CartResult> {
    const owner = await this.requireItem(caller, sku);
    await this.store.remove(owner, sku);
    return this.priced(owner, caller);
  }

  /** Adds a coupon code; 422 unless it takes something off this cart for this customer. */
  async addCoupon(caller: CartCaller, code: string): Promise<CartResult> {
    const owner = await this.ownerOf(caller, false);
    if (!owner)
      throw new BusinessRuleError('coupon-not-applicable', 'Add items to the cart before a coupon');
    const contents = await this.store.contents(owner);
    if (contents.couponCodes.includes(code)) return this.priced(owner, caller);
    if (contents.couponCodes.length >= MAX_COUPONS) {
      throw new BusinessRuleError('too-many-coupons', `At most ${MAX_COUPONS} coupons per cart`);
    }
    const trial = await this.pricing.price(
      { ...contents, couponCodes: [...contents.couponCodes, code] },
      this.buyerOf(caller),
    );
    const applies = trial.priced.appliedPromotions.some((a) =>
      trial.promotions.some((p) => p.id === a.promotionId && p.couponCode === code),
    );
    if (!applies) {
      throw new BusinessRuleError(
        'coupon-not-applicable',
        `Coupon ${code} does not apply to this cart`,
      );
    }
    await this.store.addCoupon(owner, code);
    return this.priced(owner, caller);
  }

  async removeCoupon(caller: CartCaller, code: string): Promise<CartResult> {
    const owner = await this.ownerOf(caller, false);
    const contents = owner ? await this.store.contents(owner) : undefined;
    if (!owner || !contents?.couponCodes.includes(code)) {
      throw new NotFoundError('coupon-not-in-cart', `Coupon ${code} is not on the cart`);
    }
    await this.store.removeCoupon(owner, code);
    return this.priced(owner, caller);
  }

  /** The customer's cart contents (checkout reads them). */
  async contentsOf(customerId: string) {
    return this.store.contents({ customerId });
  }

  /** Empties the customer's cart after an order was placed from it. */
  async clear(customerId: string): Promise<void> {
    await this.store.clear({ customerId });
  }

  /**
   * The cart's owner, merging a guest cart into a signed-in customer's. A guest without a valid
   * token gets a new one only when `create` (the first `POST /cart/items`).
   */
  private async ownerOf(caller: CartCaller, create: boolean): Promise<IssuedOwner | undefined> {
    const token =
      caller.guestToken && this.store.isGuestToken(caller.guestToken)
        ? caller.guestToken
        : undefined;
    if (caller.user) {
      if (token) await this.store.merge(token, caller.user.userId);
      return { customerId: caller.user.userId };
    }
    if (token) return { guestToken: token };
    if (!create) return undefined;
    const issued = this.store.newGuestToken();
    return { guestToken: issued, issued };
  }

  private async requireItem(caller: CartCaller, sku: string): Promise<CartOwner> {
    const owner = await this.ownerOf(caller, false);
    if (!owner || (await this.store.quantityOf(owner, sku)) === 0) {
      throw new NotFoundError('cart-item-not-found', `${sku} is not in the cart`);
    }
    return owner;
  }

  private async checkItem(
    owner: CartOwner,
    sku: string,
    quantity: number,
    isNew: boolean,
  ): Promise<void> {
    const view = (await this.catalog.skus([sku])).get(sku);
    if (!view?.sellable) throw new BusinessRuleError('sku-not-sellable', `${sku} is not on sale`);
    checkLineQuantity(sku, quantity, view.available);
    if (isNew) checkCartSize((await this.store.contents(owner)).items.length + 1);
  }

  private async priced(owner: IssuedOwner | undefined, caller: CartCaller): Promise<CartResult> {
    const contents = owner ? await this.store.contents(owner) : { items: [], couponCodes: [] };
    return {
      pricing: await this.pricing.price(contents, this.buyerOf(caller)),
      couponCodes: contents.couponCodes,
      ...(owner?.issued ? { issuedToken: owner.issued } : {}),
    };
  }

  private buyerOf(caller: CartCaller) {
    return { customerId: caller.user?.userId, memberTier: caller.user?.memberTier };
  }
}
