import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { CATALOG_CONFIG, loadCatalogConfig, type CatalogConfig } from './config';
import { migrations } from './persistence/migrations';
import { CategoryEntity } from './persistence/category.entity';
import { ContentBannerEntity, ContentPageEntity } from './persistence/content.entity';
import { DeliveredPurchaseEntity } from './persistence/delivered-purchase.entity';
import { ProductEntity } from './persistence/product.entity';
import { ReviewEntity } from './persistence/review.entity';
import { StockLevelEntity } from './persistence/stock-level.entity';
import { VariantEntity } from './persistence/variant.entity';
import { CatalogCache } from './application/catalog-cache';
import { CategoriesService } from './application/categories.service';
import { ContentService } from './application/content.service';
import { InventoryService } from './application/inventory.service';
import { ProductQueries } from './application/product-queries.service';
import { ProductsService } from './application/products.service';
import { ReviewsService } from './application/reviews.service';
import { SalesService } from './application/sales.service';
import { SearchService } from './application/search.service';
import { SearchSynonyms } from './application/search-synonyms';
import { SearchTermCounter } from './application/search-term-counter';
import { CategoriesController } from './http/categories.controller';
import { ContentController } from './http/content.controller';
import { InternalVariantsController } from './http/internal-variants.controller';
import { ProductsController } from './http/products.controller';
import { ReviewsController } from './http/reviews.controller';
import { SearchController } from './http/search.controller';
import { SearchTermsController } from './http/search-terms.controller';
import { OrderDeliveredHandler, OrderPaidHandler } from './messaging/orders-order.handlers';
import { StockLevelsHandler } from './messaging/logistics-inventory.handlers';

/** The catalog's tables. */
export const catalogEntities = [
  CategoryEntity,
  ProductEntity,
  VariantEntity,
  StockLevelEntity,
  ReviewEntity,
  DeliveredPurchaseEntity,
  ContentPageEntity,
  ContentBannerEntity,
];

/** What the platform needs to know about the catalog service. */
export function catalogService(config: CatalogConfig): ServiceDefinition {
  return { name: 'catalog', config, entities: catalogEntities, migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: CatalogConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(catalogService(config))],
      controllers: [
        CategoriesController,
        ProductsController,
        ReviewsController,
        InternalVariantsController,
        ContentController,
        SearchController,
        SearchTermsController,
      ],
      providers: [
        // A plain copy: envalid's strict proxy throws on the lifecycle hooks Nest probes providers for.
        { provide: CATALOG_CONFIG, useValue: { ...config } },
        CatalogCache,
        CategoriesService,
        ContentService,
        ProductsService,
        ProductQueries,
        ReviewsService,
        InventoryService,
        SalesService,
        SearchService,
        SearchSynonyms,
        SearchTermCounter,
        StockLevelsHandler,
        OrderPaidHandler,
        OrderDeliveredHandler,
      ],
    };
  }
}

/** How the catalog process starts: used by main.ts and by tests that boot the service. */
export const catalogEntry: ServiceEntry<CatalogConfig> = {
  loadConfig: loadCatalogConfig,
  definition: catalogService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.CATALOG_PORT,
};
