import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BadRequestError } from '@emporium/contracts';
import { Roles } from '@emporium/platform-auth';
import { ExportService } from '../application/export.service';
import { InsightsService } from '../application/insights.service';
import { QualityService } from '../application/quality.service';
import { ReportsService } from '../application/reports.service';
import { BUSINESS_TZ, parseRange } from '../domain/business-time';
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
  parseRange(q.from, q.to, new Date(), defaultDays);

function timeZone(tz: string | undefined): string {
  if (!tz) return BUSINESS_TZ;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new BadRequestError('invalid-time-zone', `Unknown time zone ${tz}`);
  }
}

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
  kpis(@Query() q: RangeQueryDto) {
    return this.reports.kpis(range(q));
  }

  @Get('sales')
  sales(@Query() q: SalesQueryDto) {
    return this.reports.sales(range(q), q.granularity ?? 'day', timeZone(q.tz));
  }

  @Get('top-products')
  topProducts(@Query() q: TopProductsQueryDto) {
    return this.reports.topProducts(range(q), q.by ?? 'revenue', q.limit ?? 10);
  }

  @Get('funnel')
  funnel(@Query() q: RangeQueryDto) {
    return this.reports.funnel(range(q));
  }

  @Get('regions')
  regions(@Query() q: RangeQueryDto) {
    return this.reports.regions(range(q));
  }

  @Get('channels')
  channels(@Query() q: RangeQueryDto) {
    return this.reports.channels(range(q));
  }

  @Get('segments')
  segments(@Query() q: SegmentsQueryDto) {
    return this.insights.segments(range(q, 365), q.limit ?? 100);
  }

  @Get('associations')
  associations(@Query() q: AssociationsQueryDto) {
    return this.insights.associations(
      range(q, 90),
      q.minSupport ?? 0.01,
      q.minConfidence ?? 0.1,
      q.limit ?? 50,
    );
  }

  @Get('forecast')
  forecast(@Query() q: ForecastQueryDto) {
    return this.insights.forecast(range(q, 120), q.metric ?? 'gmv', q.horizon ?? 14);
  }

  @Get('stats')
  stats(@Query() q: StatsQueryDto) {
    return this.insights.stats(range(q));
  }

  @Get('export')
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
  qualityReport() {
    return this.quality.report();
  }
}
