// `npm run seed`: seeds the demo shop into a running platform through its public API (see seed.ts).
//   npm run seed [-- --products 200] [--catalog-only]
// EMPORIUM_URL          the gateway (default http://127.0.0.1:3000/api/v1)
// EMPORIUM_ADMIN_EMAIL / EMPORIUM_ADMIN_PASSWORD                 the admin (npm start's defaults)
// EMPORIUM_SEED_MERCHANT_EMAIL / EMPORIUM_SEED_MERCHANT_PASSWORD the demo merchant, created when missing
// EMPORIUM_SEED_AGENT_EMAIL / EMPORIUM_SEED_AGENT_PASSWORD       the demo support agent, likewise
import { parseArgs } from 'node:util';
import { SeedError, seedDemo, summary } from './seed';

const { values: args } = parseArgs({
  options: {
    products: { type: 'string', default: '200' },
    'catalog-only': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(
    'npm run seed [-- --products N] [--catalog-only]\n' +
      'Seeds the demo shop (categories, products, warehouses and stock, promotions) into the platform at\n' +
      'EMPORIUM_URL (default http://127.0.0.1:3000/api/v1) through its public API; what exists is left as it is.',
  );
  process.exit(0);
}

const products = Number(args.products);
if (!Number.isInteger(products) || products < 0 || products > 100_000) {
  console.error('--products must be a whole number from 0 to 100000');
  process.exit(2);
}

async function main(): Promise<void> {
  const url = process.env.EMPORIUM_URL ?? 'http://127.0.0.1:3000/api/v1';
  const started = Date.now();
  const report = await seedDemo({
    url,
    products,
    catalogOnly: args['catalog-only'],
    admin: {
      email: process.env.EMPORIUM_ADMIN_EMAIL ?? 'admin@emporium.local',
      password: process.env.EMPORIUM_ADMIN_PASSWORD ?? 'emporium-admin',
    },
    merchant: {
      email: process.env.EMPORIUM_SEED_MERCHANT_EMAIL ?? 'merchant@emporium.local',
      password: process.env.EMPORIUM_SEED_MERCHANT_PASSWORD ?? 'emporium-merchant',
    },
    agent: {
      email: process.env.EMPORIUM_SEED_AGENT_EMAIL ?? 'agent@emporium.local',
      password: process.env.EMPORIUM_SEED_AGENT_PASSWORD ?? 'emporium-agent',
    },
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`${summary(report)} (${url}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  console.error(
    `Seeding failed: ${error instanceof SeedError ? error.message : (error as Error).stack}`,
  );
  process.exitCode = 1;
});
