import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MERCHANT_ROLES } from '@emporium/contracts';
import { Public, Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { SearchService } from '../application/search.service';
import { MAX_SUGGESTIONS, PutSearchSynonymsDto, SuggestQueryDto } from './dto/search.dto';

/** Suggestions while typing (anyone) and the synonyms searches apply (merchants). */
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /** Answers the cached JSON as it is, without parsing it again. */
  @Public()
  @Get('suggest')
  @Answers('SearchSuggestionPage')
  suggest(
    @Query() query: SuggestQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.type('application/json; charset=utf-8');
    return this.search.suggestJson(query.q, query.limit ?? MAX_SUGGESTIONS);
  }

  @Get('synonyms')
  @Roles(...MERCHANT_ROLES)
  @Answers('SearchSynonymsView')
  synonyms() {
    return this.search.synonymGroups();
  }

  /** Takes effect on the next search: nothing is reindexed. */
  @Put('synonyms')
  @Roles(...MERCHANT_ROLES)
  @Answers('SearchSynonymsView')
  replaceSynonyms(@Body() dto: PutSearchSynonymsDto) {
    return this.search.replaceSynonyms(dto.groups);
  }
}
