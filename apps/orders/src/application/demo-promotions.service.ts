import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CategoryView } from '@emporium/contracts';
import type { OrdersConfig } from '../config';
import { PromotionsSeedService } from './promotions-seed.service';
import { ORDERS_CONFIG } from './tokens';
import { callService } from './upstream-error';

/** Injection token: whether this process seeds the demo promotions. */
export const SEED_DEMO_PROMOTIONS = Symbol('SEED_DEMO_PROMOTIONS');

/** The demo category that gets a week of 15 % off. */
const DEMO_CATEGORY_SLUG = 'phones';
const ATTEMPTS = 60;

function findSlug(tree: readonly CategoryView[], slug: string): CategoryView | undefined {
  for (const node of tree) {
    const found = node.slug === slug ? node : findSlug(node.children, slug);
    if (found) return found;
  }
  return undefined;
}

/**
 * Development only: seeds the demo promotions once the catalog's demo categories exist (the
 * catalog seeds itself at the same time), without holding up this service's start.
 */
@Injectable()
export class DemoPromotionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DemoPromotionsService.name);
  private stopped = false;
  private running?: Promise<void>;

  constructor(
    private readonly seeder: PromotionsSeedService,
    @Inject(SEED_DEMO_PROMOTIONS) private readonly enabled: boolean,
    @Inject(ORDERS_CONFIG) private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.enabled) this.running = this.seed();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async seed(): Promise<void> {
    let categoryId: string | undefined;
    for (let attempt = 0; attempt < ATTEMPTS && !categoryId && !this.stopped; attempt++) {
      const tree = await callService<CategoryView[]>('catalog', `${this.config.ORDERS_CATALOG_URL}/categories`).catch(() => undefined);
      categoryId = tree && findSlug(tree, DEMO_CATEGORY_SLUG)?.id;
      if (!categoryId) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    if (this.stopped) return;
    try {
      const created = await this.seeder.seed({ now: new Date(), categoryId });
      if (created > 0) this.log.log(`Seeded ${created} demo promotions`);
    } catch (error) {
      this.log.error(`Demo promotions failed: ${(error as Error).message}`);
    }
  }
}
