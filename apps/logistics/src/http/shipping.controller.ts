import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Public } from '@emporium/platform-auth';
import { Answers } from '@emporium/platform-http';
import { ShippingQuotesService } from '../application/shipping-quotes.service';
import { ShippingQuoteDto } from './dto/shipping-quote.dto';

/** Freight quotes for checkout and product pages. */
@Controller('shipping')
export class ShippingController {
  constructor(private readonly quotes: ShippingQuotesService) {}

  @Public()
  @Post('quote')
  @HttpCode(200)
  @Answers('ShippingQuoteView')
  async quote(@Body() dto: ShippingQuoteDto) {
    const { options, shortSkus } = await this.quotes.quote(dto.destination, dto.items);
    return {
      options: options.map((o) => ({
        deliveryOption: o.deliveryOption,
        mode: o.mode,
        carrier: o.carrier,
        price: { amount: o.price, currency: 'CNY' },
        etaDays: o.etaDays,
        ...(o.pickupStoreId ? { pickupStoreId: o.pickupStoreId } : {}),
      })),
      ...(shortSkus ? { shortSkus } : {}),
    };
  }
}
