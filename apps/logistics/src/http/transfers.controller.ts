import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { MERCHANT_ROLES } from '@emporium/contracts';
import { Roles } from '@emporium/platform-auth';
import { Answers, Idempotent } from '@emporium/platform-http';
import { TransfersService } from '../application/transfers.service';
import { CreateTransferDto, TransferSuggestionsQueryDto } from './dto/transfer.dto';

/** Stock moved between warehouses. */
@Controller('transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  /**
   * Moves units no order holds: an OUTBOUND/INBOUND pair of movements, at once. A retried
   * transfer must not move the units twice, hence the Idempotency-Key.
   */
  @Roles(...MERCHANT_ROLES)
  @Post()
  @Idempotent()
  @Answers('TransferView')
  transfer(@Body() dto: CreateTransferDto) {
    return this.transfers.transfer(dto);
  }

  @Roles(...MERCHANT_ROLES)
  @Get('suggestions')
  @Answers('TransferSuggestionsView')
  suggestions(@Query() query: TransferSuggestionsQueryDto) {
    return this.transfers.suggestions(query.sku);
  }
}
