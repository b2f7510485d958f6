import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { MERCHANT_ROLES } from '@emporium/contracts';
import { Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { CoverageService } from '../application/coverage.service';
import { CoverageQueryDto, SimulateCoverageDto } from './dto/coverage.dto';
import { MAX_COVERAGE_DAYS, reportPeriod } from './report-period';

/** Which warehouse serves each province, how fast and at what freight cost. */
@Controller('logistics/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Roles(...MERCHANT_ROLES)
  @Get()
  @Answers('CoverageView')
  current(@Query() query: CoverageQueryDto) {
    return this.coverage.current(reportPeriod(query, MAX_COVERAGE_DAYS));
  }

  /** The period's real orders as if a proposed set of warehouses had served them. */
  @Roles(...MERCHANT_ROLES)
  @Post('simulate')
  @HttpCode(200)
  @Answers('CoverageView')
  simulate(@Body() dto: SimulateCoverageDto) {
    return this.coverage.simulate(reportPeriod(dto, MAX_COVERAGE_DAYS), dto.warehouses);
  }
}
