import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { OrdersConfig } from '../config';
import { OrderJourneyService } from './order-journey.service';
import { ORDERS_CONFIG } from './tokens';

/**
 * The journey's clock: cancels orders whose payment window passed (PAYMENT_TIMEOUT) and completes
 * delivered orders once the return window has closed. Rows are taken with SKIP LOCKED, so every
 * replica may run it.
 */
@Injectable()
export class OrderTimersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OrderTimersService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly journey: OrderJourneyService,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, this.config.ORDERS_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over both deadlines. */
  async tick(): Promise<void> {
    try {
      const cancelled = await this.journey.cancelOverdue();
      const completed = await this.journey.completeAfterReturnWindow();
      if (cancelled + completed > 0) this.log.log(`${cancelled} unpaid order(s) cancelled, ${completed} completed`);
    } catch (error) {
      this.log.error(`Order timers failed: ${(error as Error).message}`);
    }
  }
}
