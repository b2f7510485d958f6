import { Module, type DynamicModule } from '@nestjs/common';
import {
  ServicePlatformModule,
  type ServiceDefinition,
  type ServiceEntry,
} from '@emporium/platform-app';
import { BehaviorFactsService } from './application/behavior-facts.service';
import { CollectorService } from './application/collector.service';
import { DimensionFactsService } from './application/dimension-facts.service';
import { ExportService } from './application/export.service';
import { INSIGHTS_MAX_AGE_SECONDS, InsightSnapshots } from './application/insight-snapshots';
import { InsightsRefresher } from './application/insights-refresher';
import { InsightsService } from './application/insights.service';
import { OrderFactsService } from './application/order-facts.service';
import { QualityService } from './application/quality.service';
import { QuarantineService } from './application/quarantine.service';
import { RecommendationsService } from './application/recommendations.service';
import { REPLAY_MODE, ReplayPreparation } from './application/replay-preparation';
import { ReportsService } from './application/reports.service';
import { SessionsService } from './application/sessions.service';
import { loadAnalyticsConfig, type AnalyticsConfig } from './config';
import { AnalyticsController } from './http/analytics.controller';
import { DashboardController } from './http/dashboard.controller';
import { RecommendationsController } from './http/recommendations.controller';
import { CollectingHandler } from './messaging/collecting.handlers';
import { migrations } from './persistence/migrations';

/** What the platform needs to know about the analytics service. */
export function analyticsService(config: AnalyticsConfig): ServiceDefinition {
  return { name: 'analytics', config, entities: [], migrations };
}

@Module({})
export class AppModule {
  static forConfig(config: AnalyticsConfig, options: { replay?: boolean } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(analyticsService(config))],
      controllers: [AnalyticsController, RecommendationsController, DashboardController],
      providers: [
        {
          provide: INSIGHTS_MAX_AGE_SECONDS,
          useValue: options.replay ? 0 : config.ANALYTICS_INSIGHTS_MAX_AGE_SECONDS,
        },
        { provide: REPLAY_MODE, useValue: options.replay ?? false },
        ReplayPreparation,
        QuarantineService,
        SessionsService,
        OrderFactsService,
        BehaviorFactsService,
        DimensionFactsService,
        CollectorService,
        InsightSnapshots,
        ReportsService,
        InsightsService,
        InsightsRefresher,
        ExportService,
        QualityService,
        RecommendationsService,
        CollectingHandler,
      ],
    };
  }
}

/** How the analytics process starts: used by main.ts and by tests that boot the service. */
export const analyticsEntry: ServiceEntry<AnalyticsConfig> = {
  loadConfig: loadAnalyticsConfig,
  definition: analyticsService,
  appModule: (config) => AppModule.forConfig(config),
  port: (config) => config.ANALYTICS_PORT,
};
