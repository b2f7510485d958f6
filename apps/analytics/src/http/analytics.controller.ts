import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { ExportService } from '../application/export.service';
import { INSIGHT_DEFAULTS, InsightsService } from '../application/insights.service';
import { QualityService } from '../application/quality.service';
import { ReportsService } from '../application/reports.service';
import { parseRange, resolveTimeZone } from '../domain/business-time';
import {
  AssociationsQueryDto,
  ExportQueryDto,
  ForecastQueryDto,
  RangeQueryDto,
  SalesQueryDto,
  SegmentsQueryDto,
  StatsQueryDto,
  TopProductsQueryDto,
} from './dto/analytics-query.dto';

const range = (q: RangeQueryDto, defaultDays?: number) =>
  parseRange(q.from, q.to, new Date(), defaultDays, resolveTimeZone(q.tz));

/** The merchant reports of API.md "Analytics", each over `?from=&to=`. */
@Controller('analytics')
@Roles('merchant', 'admin')
export class AnalyticsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly insights: InsightsService,
    private readonly exports: ExportService,
    private readonly quality: QualityService,
  ) {}

  @Get('kpis')
  @Answers('KpisView')
  kpis(@Query() q: RangeQueryDto) {
    return this.reports.kpis(range(q));
  }

  @Get('sales')
  @Answers('AnalyticsReport')
  sales(@Query() q: SalesQueryDto) {
    return this.reports.sales(range(q), q.granularity ?? 'day');
  }

  @Get('top-products')
  @Answers('AnalyticsReport')
  topProducts(@Query() q: TopProductsQueryDto) {
    return this.reports.topProducts(range(q), q.by ?? 'revenue', q.limit ?? 10);
  }

  @Get('funnel')
  @Answers('AnalyticsReport')
  funnel(@Query() q: RangeQueryDto) {
    return this.reports.funnel(range(q));
  }

  @Get('regions')
  @Answers('AnalyticsReport')
  regions(@Query() q: RangeQueryDto) {
    return this.reports.regions(range(q));
  }

  @Get('channels')
  @Answers('AnalyticsReport')
  channels(@Query() q: RangeQueryDto) {
    return this.reports.channels(range(q));
  }

  @Get('segments')
  @Answers('SegmentsView')
  segments(@Query() q: SegmentsQueryDto) {
    const defaults = INSIGHT_DEFAULTS.segments;
    return this.insights.segments(range(q, defaults.days), q.limit ?? defaults.limit);
  }

  @Get('associations')
  @Answers('AssociationsView')
  associations(@Query() q: AssociationsQueryDto) {
    const defaults = INSIGHT_DEFAULTS.associations;
    return this.insights.associations(
      range(q, defaults.days),
      q.minSupport ?? defaults.minSupport,
      q.minConfidence ?? defaults.minConfidence,
      q.limit ?? defaults.limit,
    );
  }

  @Get('forecast')
  @Answers('ForecastView')
  forecast(@Query() q: ForecastQueryDto) {
    const defaults = INSIGHT_DEFAULTS.forecast;
    return this.insights.forecast(
      range(q, defaults.days),
      q.metric ?? 'gmv',
      q.horizon ?? defaults.horizon,
    );
  }

  @Get('stats')
  @Answers('StatsView')
  stats(@Query() q: StatsQueryDto) {
    return this.insights.stats(range(q, INSIGHT_DEFAULTS.stats.days));
  }

  @Get('export')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The dataset as CSV', schema: { type: 'string' } })
  export(@Query() q: ExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const period = range(q);
    void reply.header(
      'content-disposition',
      `attachment; filename="${q.dataset}-${period.fromDay}-${period.toDay}.csv"`,
    );
    return new StreamableFile(this.exports.stream(q.dataset, period), {
      type: 'text/csv; charset=utf-8',
    });
  }

  /** Data quality: what the cleaning rules set aside (not in API.md; for operators). */
  @Get('quality')
  @Answers('AnalyticsReport')
  qualityReport() {
    return this.quality.report();
  }
}
