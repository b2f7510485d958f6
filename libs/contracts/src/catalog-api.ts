import type { IsoDateTime, Uuid } from './api-formats';
import type { Money } from './money';
import type { DimensionsMm } from './events/catalog-product';
import type { ContentStatus, ProductStatus, SearchMatch, SuggestionKind } from './api-values';

/** A page of a collection (API.md "lists"). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
  readonly total?: number;
}

/** A product's rating as shoppers see it. */
export interface RatingSummary {
  readonly average: number;
  readonly count: number;
}

/** A product in a listing or search result (`GET /products`). */
export interface ProductSummary {
  readonly id: Uuid;
  readonly name: string;
  readonly slug: string;
  readonly categoryId: Uuid;
  readonly priceFrom: Money;
  readonly available: boolean;
  readonly rating: RatingSummary;
  readonly image?: string;
  /** With `q`: how the product matched the query (its weakest term's best way). */
  readonly match?: SearchMatch;
}

/**
 * A page of `GET /products`. A search that found nothing is never a dead end: it says what the
 * shopper may have meant and, failing that, shows the best sellers of the closest category.
 */
export interface ProductSearchPage extends Page<ProductSummary> {
  /** A corrected query: set when the results were found for it rather than for the query typed. */
  readonly didYouMean?: string;
  /** With no result: popular products of the category closest to the query (or of the catalog). */
  readonly fallback?: {
    readonly categoryId: Uuid | null;
    readonly items: readonly ProductSummary[];
  };
}

/** A completion of what a shopper is typing (`GET /search/suggest`). */
export interface SearchSuggestion {
  readonly text: string;
  readonly kind: SuggestionKind;
}

/** Merchant-managed groups of equivalent search terms (`GET/PUT /search/synonyms`). */
export interface SearchSynonymsView {
  readonly groups: readonly (readonly string[])[];
}

/** The body of `PUT /search/synonyms`: the whole list of groups, replacing the previous one. */
export interface PutSearchSynonymsRequest {
  readonly groups: readonly (readonly string[])[];
}

/** How shoppers searched for a term over a period (`GET /analytics/search-terms`). */
export interface SearchTermView {
  readonly term: string;
  readonly searches: number;
  readonly zeroResults: number;
  /** zeroResults / searches, a fraction between 0 and 1. */
  readonly zeroResultShare: number;
}

/** A variant in a product detail. */
export interface ProductVariantView {
  readonly sku: string;
  readonly name: string;
  readonly price: Money;
  readonly attributes: Readonly<Record<string, string>>;
  readonly weightGrams: number | null;
  readonly dimensionsMm: DimensionsMm | null;
  /** Units available over all warehouses. */
  readonly available: number;
}

/** A product with its variants (`GET /products/{idOrSlug}`). */
export interface ProductDetail {
  readonly id: Uuid;
  readonly name: string;
  readonly slug: string;
  readonly description: string;
  readonly categoryId: Uuid;
  readonly status: ProductStatus;
  readonly shippable: boolean;
  readonly attributes: Readonly<Record<string, string>>;
  readonly images: readonly string[];
  readonly rating: RatingSummary;
  readonly priceFrom: Money;
  readonly available: boolean;
  readonly variants: readonly ProductVariantView[];
  readonly createdAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
}

/** A node of the category tree (`GET /categories`). */
export interface CategoryView {
  readonly id: Uuid;
  readonly name: string;
  readonly slug: string;
  readonly children: readonly CategoryView[];
}

/** A review of a product (`GET /products/{id}/reviews`). */
export interface ReviewView {
  readonly id: Uuid;
  readonly productId: Uuid;
  readonly customerId: Uuid;
  readonly rating: number;
  readonly title: string;
  readonly body: string;
  readonly createdAt: IsoDateTime;
}

/** A variant as another service prices it (`GET /internal/variants?skus=`, not public). */
export interface SkuView {
  readonly sku: string;
  readonly productId: Uuid;
  /** Product name, then the variant's name when the product has several (`iPhone 16 黑色 128GB`). */
  readonly name: string;
  readonly categoryId: Uuid;
  readonly price: Money;
  readonly weightGrams: number | null;
  /** Units available over all warehouses. */
  readonly available: number;
  /** False once the product is not ACTIVE: it can no longer be bought. */
  readonly sellable: boolean;
}

/** One block of a content page: sanitised HTML, or a row of products. */
export type ContentBlock =
  | { readonly kind: 'html'; readonly html: string }
  | { readonly kind: 'products'; readonly productIds: readonly string[] };

/** A content page: an article or a buying guide (`/content/pages`). */
export interface ContentPageView {
  readonly id: Uuid;
  readonly slug: string;
  readonly title: string;
  readonly blocks: readonly ContentBlock[];
  readonly linkedProductIds: readonly string[];
  /** What storefronts put in `utm_campaign` on the page's links (`GET /analytics/channels`). */
  readonly campaign: string | null;
  readonly status: ContentStatus;
  readonly publishAt: IsoDateTime | null;
  readonly unpublishAt: IsoDateTime | null;
  readonly createdAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
}

/** A banner in a placement (`home-top` or `category:<uuid>`) (`/content/banners`). */
export interface ContentBannerView {
  readonly id: Uuid;
  readonly placement: string;
  readonly title: string;
  readonly imageUrl: string;
  readonly linkUrl: string;
  readonly linkedProductIds: readonly string[];
  readonly campaign: string | null;
  readonly status: ContentStatus;
  readonly publishAt: IsoDateTime | null;
  readonly unpublishAt: IsoDateTime | null;
  /** Higher first within a placement. */
  readonly priority: number;
  readonly createdAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
}
