import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PeriodicTask } from '@emporium/platform-app';
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
  private readonly task: PeriodicTask;

  constructor(
    private readonly journey: OrderJourneyService,
    @Inject(ORDERS_CONFIG) config: OrdersConfig,
  ) {
    this.task = new PeriodicTask({
      intervalMs: config.ORDERS_SWEEP_INTERVAL_MS,
      tick: () => this.sweep(),
      onError: (error) => this.log.error(`Order timers failed: ${(error as Error).message}`),
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over both deadlines; failures are logged, not thrown. */
  tick(): Promise<void> {
    return this.task.runNow();
  }

  private async sweep(): Promise<void> {
    const cancelled = await this.journey.cancelOverdue();
    const completed = await this.journey.completeAfterReturnWindow();
    if (cancelled + completed > 0)
      this.log.log(`${cancelled} unpaid order(s) cancelled, ${completed} completed`);
  }
}
