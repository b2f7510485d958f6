import { Inject, Injectable, Logger } from '@nestjs/common';
import { Periodic, PeriodicTasks } from '@emporium/platform-app';
import type { OrdersConfig } from '../config';
import { OrderJourneyService } from './order-journey.service';
import { ORDERS_CONFIG } from './tokens';

/**
 * The journey's clock: cancels orders whose payment window passed (PAYMENT_TIMEOUT) and completes
 * delivered orders once the return window has closed. Rows are taken with SKIP LOCKED, so every
 * replica may run it.
 */
@Injectable()
export class OrderTimersService {
  private readonly log = new Logger(OrderTimersService.name);

  constructor(
    private readonly journey: OrderJourneyService,
    private readonly tasks: PeriodicTasks,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  /** One pass over both deadlines; failures are logged, not thrown. */
  tick(): Promise<void> {
    return this.tasks.runNow(this, 'sweep');
  }

  @Periodic((self: OrderTimersService) => self.config.ORDERS_SWEEP_INTERVAL_MS)
  async sweep(): Promise<void> {
    const cancelled = await this.journey.cancelOverdue();
    const completed = await this.journey.completeAfterReturnWindow();
    if (cancelled + completed > 0)
      this.log.log(`${cancelled} unpaid order(s) cancelled, ${completed} completed`);
  }
}
