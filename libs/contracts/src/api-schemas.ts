import type {
  AnalyticsReport,
  AssociationsView,
  ForecastView,
  KpisView,
  RecommendationView,
  SegmentsView,
  StatsView,
} from './analytics-api';
import type {
  CategoryView,
  ContentBannerView,
  ContentBlock,
  ContentPageView,
  Page,
  ProductDetail,
  ProductSearchPage,
  ReviewView,
  SearchSuggestion,
  SearchSynonymsView,
  SearchTermView,
} from './catalog-api';
import type { Problem } from './errors';
import type { PromotionV1 } from './events/orders-promotion';
import type { WebhookDeliveryView, WebhookView } from './integrations-api';
import type {
  CoverageView,
  InventoryView,
  PurchaseOrderView,
  ReplenishmentSuggestionsView,
  ShipmentView,
  ShippingQuoteView,
  SlottingView,
  SupplierView,
  TransferSuggestionsView,
  TransferView,
  StockLevelView,
  WarehouseView,
} from './logistics-api';
import type {
  CartView,
  CheckoutQuoteView,
  MemberPointsView,
  OrderView,
  ReturnView,
} from './orders-api';
import type {
  PaymentView,
  ProviderWebhookReceipt,
  RefundView,
  StatementImportView,
} from './payments-api';
import type {
  CannedReplyView,
  CustomerOverviewView,
  SupportAgentView,
  SupportMetricsView,
  TicketDetailView,
  TicketRatingView,
  TicketReplyView,
  TicketView,
} from './support-api';

/**
 * The answers of the public API by the name their OpenAPI component schema takes: a controller
 * names one with `@Answers('OrderView')` (platform-http), and `npm run openapi` turns these types
 * into the schemas of the services' documents.
 */
export interface ApiSchemas {
  readonly Problem: Problem;
  readonly CategoryView: CategoryView;
  readonly CategoryViews: readonly CategoryView[];
  readonly ProductDetail: ProductDetail;
  readonly ProductSummaryPage: ProductSearchPage;
  readonly SearchSuggestionPage: Page<SearchSuggestion>;
  readonly SearchSynonymsView: SearchSynonymsView;
  readonly SearchTermViewPage: Page<SearchTermView>;
  readonly ReviewView: ReviewView;
  readonly ReviewViewPage: Page<ReviewView>;
  readonly ContentBlock: ContentBlock;
  readonly ContentPageView: ContentPageView;
  readonly ContentPageViewPage: Page<ContentPageView>;
  readonly ContentBannerView: ContentBannerView;
  readonly ContentBannerViewPage: Page<ContentBannerView>;
  readonly WarehouseView: WarehouseView;
  readonly WarehouseViewPage: Page<WarehouseView>;
  readonly StockLevelView: StockLevelView;
  readonly InventoryView: InventoryView;
  readonly ShippingQuoteView: ShippingQuoteView;
  readonly ShipmentView: ShipmentView;
  readonly ShipmentViewPage: Page<ShipmentView>;
  readonly LogisticsCostsReport: Readonly<Record<string, unknown>>;
  readonly SlottingView: SlottingView;
  readonly ReplenishmentSuggestionsView: ReplenishmentSuggestionsView;
  readonly SupplierView: SupplierView;
  readonly SupplierViewPage: Page<SupplierView>;
  readonly PurchaseOrderView: PurchaseOrderView;
  readonly PurchaseOrderViewPage: Page<PurchaseOrderView>;
  readonly TransferView: TransferView;
  readonly TransferSuggestionsView: TransferSuggestionsView;
  readonly CoverageView: CoverageView;
  readonly CartView: CartView;
  readonly CheckoutQuoteView: CheckoutQuoteView;
  readonly OrderView: OrderView;
  readonly OrderViewPage: Page<OrderView>;
  readonly MemberPointsView: MemberPointsView;
  readonly ReturnView: ReturnView;
  readonly PromotionV1: PromotionV1;
  readonly PromotionV1Page: Page<PromotionV1>;
  readonly PaymentView: PaymentView;
  readonly PaymentViewPage: Page<PaymentView>;
  readonly RefundView: RefundView;
  readonly ReconciliationReport: Readonly<Record<string, unknown>>;
  readonly TicketView: TicketView;
  readonly TicketViewPage: Page<TicketView>;
  readonly TicketDetailView: TicketDetailView;
  readonly TicketReplyView: TicketReplyView;
  readonly TicketRatingView: TicketRatingView;
  readonly CustomerOverviewView: CustomerOverviewView;
  readonly SupportMetricsView: SupportMetricsView;
  readonly SupportAgentView: SupportAgentView;
  readonly SupportAgentViewPage: Page<SupportAgentView>;
  readonly CannedReplyView: CannedReplyView;
  readonly CannedReplyViewPage: Page<CannedReplyView>;
  readonly WebhookView: WebhookView;
  readonly WebhookViewPage: Page<WebhookView>;
  readonly WebhookDeliveryView: WebhookDeliveryView;
  readonly WebhookDeliveryViewPage: Page<WebhookDeliveryView>;
  readonly KpisView: KpisView;
  readonly AnalyticsReport: AnalyticsReport;
  readonly SegmentsView: SegmentsView;
  readonly AssociationsView: AssociationsView;
  readonly ForecastView: ForecastView;
  readonly StatsView: StatsView;
  readonly RecommendationViewPage: Page<RecommendationView>;
  readonly ProviderWebhookReceipt: ProviderWebhookReceipt;
  readonly StatementImportView: StatementImportView;
}

/** The name of an answer's schema. */
export type ApiSchemaName = keyof ApiSchemas;
