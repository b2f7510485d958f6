/**
 * Seeds the demo shop into a running platform through its public REST API only: a merchant
 * account (and a support agent when asked), the category tree, the products, warehouses and pickup stores with stock, and the
 * example promotions. What exists already (looked up by slug, code, SKU or name; a 409 on create)
 * is left as it is, so a second run changes nothing.
 */
import { DEMO_CATEGORIES, demoProduct, type DemoProduct } from './demo-catalog';
import { DEMO_WAREHOUSES, demoStock } from './demo-logistics';
import { demoPromotions } from './demo-promotions';

/** What to seed and where. */
export interface SeedOptions {
  /** The gateway, with or without `/api/v1` (e.g. http://127.0.0.1:3000/api/v1). */
  readonly url: string;
  readonly admin: { readonly email: string; readonly password: string };
  /** The demo shop's merchant account; created by the admin when it does not exist. */
  readonly merchant: { readonly email: string; readonly password: string };
  /** The demo shop's support agent; created by the admin when it does not exist. None unless given. */
  readonly agent?: { readonly email: string; readonly password: string };
  /** How many demo products (200 unless told). */
  readonly products?: number;
  /** Only the category tree and the products: no warehouses, stock or promotions. */
  readonly catalogOnly?: boolean;
  /** Requests in flight at once (8 unless told). */
  readonly concurrency?: number;
  /** Told of progress, one line at a time. */
  readonly log?: (line: string) => void;
}

/** How many of each kind of thing a run created, and how many it found already there. */
export interface SeedReport {
  readonly merchantCreated: boolean;
  readonly agentCreated: boolean;
  readonly created: Record<SeedKind, number>;
  readonly existing: Record<SeedKind, number>;
}

export type SeedKind = 'categories' | 'products' | 'warehouses' | 'stock' | 'promotions';

const KINDS: readonly SeedKind[] = ['categories', 'products', 'warehouses', 'stock', 'promotions'];

/** The demo SKUs the promotions refer to: the flash sale's and the gift's (products 7 and 19). */
export const DEMO_FLASH_PRODUCT = 6;
export const DEMO_GIFT_PRODUCT = 18;

interface Reply {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a few known fields are read
  readonly body: any;
}

/** A failed call: what was asked and what came back. */
export class SeedError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The public API of one gateway, waiting out 429s as `Retry-After` says. */
class Api {
  private readonly base: string;

  constructor(url: string) {
    this.base = `${url.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}/api/v1`;
  }

  async call(method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        throw new SeedError(
          `${method} ${this.base}${path}: no answer (${(error as Error).message}); is the platform running?`,
        );
      }
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: kept as text
      }
      if (res.status === 429 && attempt < 10) {
        await sleep(Number(res.headers.get('retry-after') ?? '1') * 1_000 + 100);
        continue;
      }
      return { status: res.status, body: parsed };
    }
  }

  /** Like `call`, failing unless the status is one of `ok`. */
  async expect(
    ok: readonly number[],
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<Reply> {
    const reply = await this.call(method, path, body, token);
    if (!ok.includes(reply.status)) {
      const detail =
        typeof reply.body === 'object'
          ? (reply.body?.detail ?? JSON.stringify(reply.body))
          : String(reply.body);
      throw new SeedError(
        `${method} ${path} answered ${reply.status}: ${String(detail).slice(0, 300)}`,
      );
    }
    return reply;
  }
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function signIn(api: Api, email: string, password: string): Promise<string | undefined> {
  const reply = await api.call('POST', '/auth/login', { email, password });
  if (reply.status === 200) return reply.body.accessToken as string;
  if (reply.status === 401) return undefined;
  throw new SeedError(`POST /auth/login answered ${reply.status} for ${email}`);
}

/** A staff account's access token; the admin creates the account when it cannot sign in yet. */
async function staffToken(
  api: Api,
  options: SeedOptions,
  account: { readonly email: string; readonly password: string },
  role: 'merchant' | 'agent',
): Promise<{ token: string; created: boolean }> {
  const existing = await signIn(api, account.email, account.password);
  if (existing) return { token: existing, created: false };
  const admin = await signIn(api, options.admin.email, options.admin.password);
  if (!admin)
    throw new SeedError(
      `the admin ${options.admin.email} cannot sign in: set EMPORIUM_ADMIN_EMAIL and EMPORIUM_ADMIN_PASSWORD`,
    );
  const body = {
    email: account.email,
    password: account.password,
    name: role === 'merchant' ? '演示商家' : '演示客服',
    roles: [role],
  };
  const reply = await api.expect([201, 409], 'POST', '/admin/users', body, admin);
  if (reply.status === 409) {
    const variable = `EMPORIUM_SEED_${role.toUpperCase()}_PASSWORD`;
    throw new SeedError(`${account.email} exists with another password: set ${variable} to it`);
  }
  const token = await signIn(api, account.email, account.password);
  if (!token) throw new SeedError(`the new ${role} ${account.email} cannot sign in`);
  return { token, created: true };
}

interface CategoryNode {
  readonly id: string;
  readonly slug: string;
  readonly children: CategoryNode[];
}

function flatten(
  tree: readonly CategoryNode[],
  into = new Map<string, string>(),
): Map<string, string> {
  for (const node of tree) {
    into.set(node.slug, node.id);
    flatten(node.children, into);
  }
  return into;
}

/** Seeds the demo shop; see the file's comment. */
export async function seedDemo(options: SeedOptions): Promise<SeedReport> {
  const api = new Api(options.url);
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 8;
  const count = options.products ?? 200;
  const created = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<SeedKind, number>;
  const existing = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<SeedKind, number>;

  const merchant = await staffToken(api, options, options.merchant, 'merchant');
  const token = merchant.token;
  if (merchant.created) log(`created the merchant ${options.merchant.email}`);
  const agent = options.agent ? await staffToken(api, options, options.agent, 'agent') : undefined;
  if (agent?.created) log(`created the support agent ${options.agent!.email}`);

  // Categories, parents before their children.
  const categoryIds = flatten(
    (await api.expect([200], 'GET', '/categories')).body as CategoryNode[],
  );
  for (const c of DEMO_CATEGORIES) {
    if (categoryIds.has(c.slug)) {
      existing.categories++;
      continue;
    }
    const parentId = c.parent ? categoryIds.get(c.parent) : undefined;
    const reply = await api.expect(
      [201, 409],
      'POST',
      '/categories',
      { name: c.name, slug: c.slug, ...(parentId ? { parentId } : {}) },
      token,
    );
    if (reply.status === 201) {
      categoryIds.set(c.slug, reply.body.id as string);
      created.categories++;
    } else {
      // Created meanwhile by another run: read its id.
      flatten((await api.expect([200], 'GET', '/categories')).body as CategoryNode[], categoryIds);
      existing.categories++;
    }
  }
  log(`categories: ${created.categories} created, ${existing.categories} there already`);

  // Warehouses and stores, before the products, so each new product is stocked as it is created.
  const warehouseIds = new Map<string, string>();
  if (!options.catalogOnly) {
    const listed = (await api.expect([200], 'GET', '/warehouses')).body.items as {
      id: string;
      code: string;
    }[];
    for (const w of listed) warehouseIds.set(w.code, w.id);
    for (const w of DEMO_WAREHOUSES) {
      if (warehouseIds.has(w.code)) {
        existing.warehouses++;
        continue;
      }
      const reply = await api.expect([201, 409], 'POST', '/warehouses', w, token);
      if (reply.status === 201) {
        warehouseIds.set(w.code, reply.body.id as string);
        created.warehouses++;
      } else {
        const again = (await api.expect([200], 'GET', '/warehouses')).body.items as {
          id: string;
          code: string;
        }[];
        for (const x of again) warehouseIds.set(x.code, x.id);
        existing.warehouses++;
      }
    }
    log(
      `warehouses and stores: ${created.warehouses} created, ${existing.warehouses} there already`,
    );
  }

  /** Puts a variant's demo stock on its shelves; `known` shelves (warehouse ids) are left as they are. */
  const stock = async (sku: string, first: boolean, known: ReadonlySet<string>) => {
    for (const shelf of demoStock(sku, first)) {
      const warehouseId = warehouseIds.get(shelf.warehouseCode)!;
      if (known.has(warehouseId)) {
        existing.stock++;
        continue;
      }
      await api.expect(
        [200],
        'PUT',
        `/warehouses/${warehouseId}/stock/${encodeURIComponent(sku)}`,
        { onHand: shelf.units },
        token,
      );
      created.stock++;
    }
  };

  /** For a product found already there: stock only its SKUs nobody has stocked anywhere. */
  const stockExisting = async (detail: { variants: { sku: string; available: number }[] }) => {
    for (const [k, v] of detail.variants.entries()) {
      if (v.available > 0) {
        existing.stock++;
        continue;
      }
      const inventory = (
        await api.expect(
          [200, 404],
          'GET',
          `/inventory/${encodeURIComponent(v.sku)}`,
          undefined,
          token,
        )
      ).body;
      const shelves = new Set<string>(
        ((inventory?.warehouses ?? []) as { warehouseId: string }[]).map((w) => w.warehouseId),
      );
      await stock(v.sku, k === 0, shelves);
    }
  };

  const body = (p: DemoProduct) => ({
    name: p.name,
    slug: p.slug,
    description: p.description,
    categoryId: categoryIds.get(p.categorySlug),
    status: 'ACTIVE',
    attributes: p.attributes,
    images: p.images,
    variants: p.variants.map((v) => ({
      sku: v.sku,
      name: v.name,
      price: { amount: v.priceAmount, currency: 'CNY' },
      weightGrams: v.weightGrams,
      dimensionsMm: v.dimensionsMm,
      attributes: v.attributes,
    })),
  });

  const numbers = Array.from({ length: count }, (_, i) => i);
  let done = 0;
  await inParallel(numbers, concurrency, async (i) => {
    const product = demoProduct(i);
    const found = await api.expect([200, 404], 'GET', `/products/${product.slug}`);
    if (found.status === 200) {
      existing.products++;
      if (!options.catalogOnly) await stockExisting(found.body);
    } else {
      const reply = await api.expect([201, 409], 'POST', '/products', body(product), token);
      if (reply.status === 201) {
        created.products++;
        if (!options.catalogOnly)
          for (const [k, v] of product.variants.entries()) await stock(v.sku, k === 0, new Set());
      } else {
        existing.products++;
      }
    }
    if (++done % 50 === 0) log(`products: ${done} of ${count}`);
  });
  log(
    `products: ${created.products} created, ${existing.products} there already${options.catalogOnly ? '' : `; stock: ${created.stock} levels set`}`,
  );

  if (!options.catalogOnly) {
    const active: { name: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: Reply = await api.expect(
        [200],
        'GET',
        `/promotions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        undefined,
        token,
      );
      active.push(...(page.body.items as { name: string }[]));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    const names = new Set(active.map((p) => p.name));
    const promotions = demoPromotions({
      now: new Date(),
      phonesCategoryId: categoryIds.get('phones')!,
      flashSku:
        count > DEMO_FLASH_PRODUCT ? demoProduct(DEMO_FLASH_PRODUCT).variants[0].sku : undefined,
      giftSku:
        count > DEMO_GIFT_PRODUCT ? demoProduct(DEMO_GIFT_PRODUCT).variants[0].sku : undefined,
    });
    for (const p of promotions) {
      if (names.has(p.name)) {
        existing.promotions++;
        continue;
      }
      // 409: the coupon code is held by an earlier one, ended or not.
      const reply = await api.expect([201, 409], 'POST', '/promotions', p, token);
      if (reply.status === 201) created.promotions++;
      else existing.promotions++;
    }
    log(`promotions: ${created.promotions} created, ${existing.promotions} running already`);
  }
  return {
    merchantCreated: merchant.created,
    agentCreated: agent?.created ?? false,
    created,
    existing,
  };
}

/** One line saying what a run did. */
export function summary(report: SeedReport): string {
  const labels: Record<SeedKind, string> = {
    categories: 'categories',
    products: 'products',
    warehouses: 'warehouses and stores',
    stock: 'stock levels',
    promotions: 'promotions',
  };
  const made = KINDS.filter((k) => report.created[k] > 0).map(
    (k) => `${report.created[k]} ${labels[k]}`,
  );
  const accounts = [
    ...(report.merchantCreated ? ['the merchant account'] : []),
    ...(report.agentCreated ? ['the agent account'] : []),
  ];
  if (made.length === 0 && accounts.length === 0)
    return 'Demo data: everything was there already; nothing changed.';
  return `Demo data seeded: ${[...accounts, ...made].join(', ')}.`;
}
