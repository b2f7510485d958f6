import { Controller, Get, Query } from '@nestjs/common';
import { MERCHANT_ROLES, type ReplenishmentSuggestionView } from '@emporium/contracts';
import { Roles } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { bySuggestionPlace, ReplenishmentService } from '../application/replenishment.service';
import { decodeCursor, pageLimit, pageOf, type Keyset } from './cursor';
import { SuggestionsQueryDto } from './dto/replenishment.dto';

/** Replenishment: what to order, and from whom. */
@Controller('replenishment')
export class ReplenishmentController {
  constructor(private readonly replenishment: ReplenishmentService) {}

  /**
   * What to order now per SKU and warehouse: forecast, lead time, safety stock, reorder point.
   * Paged on the list's own order (shortfall, SKU, warehouse), so a page follows on from the
   * last one even when the stock moved in between.
   */
  @Roles(...MERCHANT_ROLES)
  @Get('suggestions')
  @Answers('ReplenishmentSuggestionsView')
  async suggestions(@Query() query: SuggestionsQueryDto) {
    const limit = pageLimit(query.limit);
    const after = decodeCursor(query.cursor, isPlaceKey);
    const { items, total } = await this.replenishment.suggestions(query);
    const rest = after
      ? items.filter((s) => bySuggestionPlace(placeOf(s), placeOfKey(after)) > 0)
      : items;
    const page = pageOf(rest, limit, (s) => ({
      key: JSON.stringify([placeOf(s).shortfall, s.sku]),
      id: s.warehouseId,
    }));
    return { ...page, total };
  }
}

function placeOf(s: ReplenishmentSuggestionView) {
  return {
    shortfall: s.reorderPoint - s.available - s.onOrder,
    sku: s.sku,
    warehouseId: s.warehouseId,
  };
}

/** A cursor key as written above: `[shortfall, sku]`. */
function isPlaceKey(key: string): boolean {
  try {
    const parsed: unknown = JSON.parse(key);
    return (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Number.isSafeInteger(parsed[0]) &&
      typeof parsed[1] === 'string'
    );
  } catch {
    return false;
  }
}

function placeOfKey(at: Keyset) {
  const [shortfall, sku] = JSON.parse(at.key) as [number, string];
  return { shortfall, sku, warehouseId: at.id };
}
