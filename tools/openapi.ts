// Writes libs/contracts/openapi/<part>.openapi.json, the OpenAPI document of each part of the
// public API (the gateway's own routes and each service's), from the controllers, the request
// DTOs and the contract types their handlers answer with; the gateway merges them at start.
//   npm run openapi              regenerate the documents
//   npm run openapi -- --check   fail when one is out of date
// Run with swc (`node -r @swc-node/register`), which keeps the decorator metadata they are read from.
import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serviceDocuments } from './openapi/service-documents';

/** Where the parts' documents live (committed). */
export const OPENAPI_DIR = join(__dirname, '..', 'libs/contracts/openapi');

const pathOf = (part: string) => join(OPENAPI_DIR, `${part}.openapi.json`);

async function main(): Promise<void> {
  const documents = await serviceDocuments();
  const texts = Object.entries(documents).map(
    ([part, document]) => [pathOf(part), `${JSON.stringify(document, null, 2)}\n`] as const,
  );
  const stale = readdirSync(OPENAPI_DIR)
    .map((file) => join(OPENAPI_DIR, file))
    .filter((path) => !texts.some(([written]) => written === path));
  if (process.argv.includes('--check')) {
    const outdated = [
      ...texts.filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text),
      ...stale.map((path) => [path] as const),
    ].map(([path]) => relative(join(__dirname, '..'), path));
    if (outdated.length > 0) {
      console.error(`${outdated.join(', ')} out of date: run \`npm run openapi\``);
      process.exit(1);
    }
    console.log('libs/contracts/openapi is up to date');
    return;
  }
  for (const path of stale) rmSync(path);
  for (const [path, text] of texts) writeFileSync(path, text);
  console.log(`wrote ${texts.length} documents to ${OPENAPI_DIR}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
