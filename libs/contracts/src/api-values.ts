// The closed lists of the public API (API.md), each written once: domain types, request validation
// (`@IsIn(ORDER_STATUSES)`), entities, event data and the gateway's OpenAPI enums all read them here.

/** Order statuses of API.md (`READY_FOR_PICKUP` for store pickups). */
export const ORDER_STATUSES = [
  'PENDING',
  'AWAITING_PAYMENT',
  'PAID',
  'FULFILLING',
  'SHIPPED',
  'DELIVERED',
  'COMPLETED',
  'CANCELLED',
  'RETURN_REQUESTED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'READY_FOR_PICKUP',
] as const;
/** An order's status. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Why an order was cancelled (`reason` of a CANCELLED order; `NOT_COLLECTED` for store pickups). */
export const ORDER_CANCEL_REASONS = [
  'OUT_OF_STOCK',
  'PAYMENT_FAILED',
  'PAYMENT_TIMEOUT',
  'CUSTOMER',
  'NOT_COLLECTED',
] as const;
/** Why an order was cancelled. */
export type OrderCancelReason = (typeof ORDER_CANCEL_REASONS)[number];

/** Return statuses of API.md. */
export const RETURN_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED', 'REFUNDED'] as const;
/** A return's status. */
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** What a customer chooses at checkout. */
export const DELIVERY_OPTIONS = ['STANDARD', 'EXPRESS', 'SAME_DAY', 'STORE_PICKUP'] as const;
/** A delivery option. */
export type DeliveryOption = (typeof DELIVERY_OPTIONS)[number];

/** Who carries a parcel (`PICKUP`: it never leaves its store). */
export const DELIVERY_MODES = ['OWN_FLEET', 'THIRD_PARTY', 'CROWDSOURCED', 'PICKUP'] as const;
/** A delivery mode. */
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** Shipment statuses of API.md, the store pickup ones last. */
export const SHIPMENT_STATUSES = [
  'CREATED',
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'FAILED_ATTEMPT',
  'RETURNED',
  'CANCELLED',
  'READY_FOR_PICKUP',
  'PICKED_UP_BY_CUSTOMER',
  'PICKUP_EXPIRED',
] as const;
/** A shipment's status. */
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** What a carrier reports of a parcel (`POST /webhooks/carriers/{carrier}`). */
export const CARRIER_SHIPMENT_STATUSES = [
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'FAILED_ATTEMPT',
  'RETURNED',
] as const satisfies readonly ShipmentStatus[];

/**
 * What staff report (`POST /shipments/{id}/events`): a carrier's steps, and a store putting a
 * pickup aside. Collection goes through the code and expiry through the timer, so neither is here.
 */
export const REPORTABLE_SHIPMENT_STATUSES = [
  ...CARRIER_SHIPMENT_STATUSES,
  'READY_FOR_PICKUP',
] as const satisfies readonly ShipmentStatus[];

/** OUTBOUND goes to the customer; RETURN brings goods back to a warehouse. */
export const SHIPMENT_KINDS = ['OUTBOUND', 'RETURN'] as const;
/** A shipment's kind. */
export type ShipmentKind = (typeof SHIPMENT_KINDS)[number];

/** A warehouse proper, or a store (which also serves store pickups). */
export const WAREHOUSE_KINDS = ['WAREHOUSE', 'STORE'] as const;
/** A warehouse's kind. */
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];

/** ABC classes of a warehouse's SKUs: A the few that make most of the picks, C the long tail. */
export const ABC_CLASSES = ['A', 'B', 'C'] as const;
/** An ABC class. */
export type AbcClass = (typeof ABC_CLASSES)[number];

/** What an ABC classification ranks SKUs by. */
export const ABC_MEASURES = ['picks', 'revenue'] as const;
/** An ABC measure. */
export type AbcMeasure = (typeof ABC_MEASURES)[number];

/** Where a purchase order stands: drafted, sent to the supplier, received in part or whole. */
export const PURCHASE_ORDER_STATUSES = [
  'DRAFT',
  'SENT',
  'PARTIALLY_RECEIVED',
  'RECEIVED',
  'CANCELLED',
] as const;
/** A purchase order's status. */
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

/** Which warehouses a coverage answer replays the orders on: the real ones or a proposal. */
export const COVERAGE_NETWORKS = ['current', 'proposed'] as const;
/** A coverage answer's network. */
export type CoverageNetwork = (typeof COVERAGE_NETWORKS)[number];

/** Payment statuses of API.md. */
export const PAYMENT_STATUSES = [
  'REQUIRES_CONFIRMATION',
  'CAPTURED',
  'FAILED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
  'VOIDED',
] as const;
/** A payment's status. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** How a customer pays. */
export const PAYMENT_METHODS = ['SANDBOX_CARD', 'ALIPAY_SANDBOX', 'WECHAT_SANDBOX'] as const;
/** A payment method. */
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Why staff should look at a payment (`flags`). */
export const PAYMENT_FLAGS = [
  'AMOUNT_MISMATCH',
  'CAPTURED_AFTER_VOIDED',
  'CAPTURED_AFTER_FAILED',
  'STATEMENT_MISMATCH',
] as const;
/** A payment flag. */
export type PaymentFlag = (typeof PAYMENT_FLAGS)[number];

/** The outcome of one attempt to take the money (`attempts[].outcome`). */
export const ATTEMPT_OUTCOMES = ['CAPTURED', 'DECLINED'] as const;
/** An attempt's outcome. */
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Where a provider reported another amount: its webhook, or its answer to a confirmation. */
export const AMOUNT_MISMATCH_SOURCES = ['WEBHOOK', 'CONFIRMATION'] as const;
/** An amount mismatch's source. */
export type AmountMismatchSource = (typeof AMOUNT_MISMATCH_SOURCES)[number];

/** Where an imported provider statement came from: uploaded by staff, or fetched from the provider. */
export const STATEMENT_SOURCES = ['UPLOAD', 'PROVIDER'] as const;
/** Where an imported statement came from. */
export type StatementSource = (typeof STATEMENT_SOURCES)[number];

/** Kinds of promotion. */
export const PROMOTION_KINDS = [
  'PERCENT_OFF',
  'AMOUNT_OFF',
  'THRESHOLD_OFF',
  'GIFT',
  'FLASH_SALE',
] as const;
/** A promotion's kind. */
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/** A promotion is ACTIVE until a merchant ends it; its time window is checked separately. */
export const PROMOTION_STATUSES = ['ACTIVE', 'ENDED'] as const;
/** A promotion's status. */
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

/** Member tiers, lowest first. */
export const MEMBER_TIERS = ['REGULAR', 'SILVER', 'GOLD', 'PLATINUM'] as const;
/** A customer's member tier. */
export type MemberTier = (typeof MEMBER_TIERS)[number];

/** How a member's points moved: earned by a completed order, reversed by a refund, or expired. */
export const POINTS_ENTRY_KINDS = ['EARNED', 'REVERSED', 'EXPIRED'] as const;
/** A movement of a member's points. */
export type PointsEntryKind = (typeof POINTS_ENTRY_KINDS)[number];

/** What a ticket is about. */
export const TICKET_TYPES = [
  'PRE_SALE',
  'ORDER_ISSUE',
  'AFTER_SALE',
  'COMPLAINT',
  'OTHER',
] as const;
/** A ticket's type. */
export type TicketType = (typeof TICKET_TYPES)[number];

/** Where the customer reached the retailer. */
export const TICKET_CHANNELS = ['WEB', 'CHAT', 'PHONE', 'EMAIL', 'SOCIAL'] as const;
/** A ticket's channel. */
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** Ticket statuses of API.md's lifecycle. */
export const TICKET_STATUSES = [
  'OPEN',
  'ASSIGNED',
  'PENDING_CUSTOMER',
  'RESOLVED',
  'CLOSED',
] as const;
/** A ticket's status. */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** The statuses staff set through `POST /tickets/{id}/status`. */
export const REQUESTABLE_TICKET_STATUSES = [
  'PENDING_CUSTOMER',
  'RESOLVED',
  'CLOSED',
] as const satisfies readonly TicketStatus[];
/** A status staff may set. */
export type RequestableTicketStatus = (typeof REQUESTABLE_TICKET_STATUSES)[number];

/** Who opened a ticket: a customer, or the desk itself on an event (`SYSTEM`). */
export const TICKET_ORIGINS = ['CUSTOMER', 'SYSTEM'] as const;
/** A ticket's origin. */
export type TicketOrigin = (typeof TICKET_ORIGINS)[number];

/** Ticket priorities; P1 is the most urgent. */
export const TICKET_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
/** A ticket's priority. */
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Product statuses. */
export const PRODUCT_STATUSES = ['DRAFT', 'ACTIVE', 'ARCHIVED'] as const;
/** A product's status. */
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** The statuses a product may be created in (`POST /products`); it is archived by DELETE. */
export const NEW_PRODUCT_STATUSES = ['DRAFT', 'ACTIVE'] as const satisfies readonly ProductStatus[];

/** Content statuses (API.md "Content"): a draft is never served to storefronts. */
export const CONTENT_STATUSES = ['DRAFT', 'PUBLISHED'] as const;
/** A content page's or banner's status. */
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** Where a webhook delivery stands (API.md "Integrations"). */
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
/** A webhook delivery's status. */
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** Kinds of storefront behavior `POST /events` accepts. */
export const BEHAVIOR_TYPES = [
  'PAGE_VIEW',
  'PRODUCT_VIEW',
  'SEARCH',
  'ADD_TO_CART',
  'REMOVE_FROM_CART',
  'CHECKOUT_STARTED',
] as const;
/** A behavior event's type. */
export type BehaviorType = (typeof BEHAVIOR_TYPES)[number];

/** How a product listing is ordered (`GET /products?sort=`). */
export const PRODUCT_SORTS = [
  'relevance',
  'price_asc',
  'price_desc',
  'newest',
  'best_selling',
] as const;
/** A product listing's order. */
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/**
 * How a search result matched its query, strongest first (docs/search.md "Ranking"): the text as
 * typed, its pinyin, its initials (首字母), a merchant's synonym, a corrected typo.
 */
export const SEARCH_MATCHES = ['exact', 'pinyin', 'initials', 'synonym', 'fuzzy'] as const;
/** How a search result matched. */
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

/** Where a search suggestion comes from (`GET /search/suggest`). */
export const SUGGESTION_KINDS = ['product', 'category', 'query'] as const;
/** A search suggestion's source. */
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** Which promotions `GET /promotions?status=` lists. */
export const PROMOTION_FILTERS = ['active', 'all', 'ended'] as const;
/** A promotion listing's filter. */
export type PromotionFilter = (typeof PROMOTION_FILTERS)[number];

/** Time buckets of `GET /analytics/sales`. */
export const SALES_GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
/** A sales report's time bucket. */
export type Granularity = (typeof SALES_GRANULARITIES)[number];

/** Ways to rank `GET /analytics/top-products`. */
export const TOP_PRODUCTS_BY = ['revenue', 'units'] as const;
/** A top-products ranking. */
export type TopProductsBy = (typeof TOP_PRODUCTS_BY)[number];

/** Metrics `GET /analytics/forecast` can forecast. */
export const FORECAST_METRICS = ['gmv', 'orders'] as const;
/** A forecast metric. */
export type ForecastMetric = (typeof FORECAST_METRICS)[number];

/** Metrics `GET /analytics/stats` describes. */
export const STATS_METRICS = ['order_value'] as const;
/** A stats metric. */
export type StatsMetric = (typeof STATS_METRICS)[number];

/** Datasets `GET /analytics/export` can write. */
export const EXPORT_DATASETS = ['orders', 'sales'] as const;
/** An export's dataset. */
export type ExportDataset = (typeof EXPORT_DATASETS)[number];

/** Formats `GET /analytics/export` writes. */
export const EXPORT_FORMATS = ['csv'] as const;
/** An export's format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Why a product is recommended (`GET /products/{id}/recommendations`, `GET /me/recommendations`). */
export const RECOMMENDATION_REASONS = [
  'frequently-bought-together',
  'personal-history',
  'popularity',
] as const;
/** A recommendation's reason. */
export type RecommendationReason = (typeof RECOMMENDATION_REASONS)[number];

/** How a connected Alipay is told its notification was taken: this literal text, nothing else. */
export const ALIPAY_NOTIFICATION_ANSWERS = ['success'] as const;

/** The `code` a connected WeChat Pay is answered, as JSON, when its notification was taken. */
export const WECHAT_PAY_NOTIFICATION_CODES = ['SUCCESS'] as const;
