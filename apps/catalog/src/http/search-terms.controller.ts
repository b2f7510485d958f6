import { Controller, Get, Query } from '@nestjs/common';
import { MERCHANT_ROLES } from '@emporium/contracts';
import { Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { SearchService } from '../application/search.service';
import { SearchTermsQueryDto } from './dto/search.dto';

const DEFAULT_LIMIT = 20;

/**
 * `GET /analytics/search-terms`: served by the catalog, which sees every search and counts them
 * (docs/search.md "Zero results"); the gateway routes this one analytics path here.
 */
@Controller('analytics')
export class SearchTermsController {
  constructor(private readonly search: SearchService) {}

  @Get('search-terms')
  @Roles(...MERCHANT_ROLES)
  @Answers('SearchTermViewPage')
  searchTerms(@Query() query: SearchTermsQueryDto) {
    return this.search.searchTerms(query.from, query.to, query.limit ?? DEFAULT_LIMIT);
  }
}
