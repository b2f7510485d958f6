import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
// The contract lives in the docs; the repository's copy wins over the shared one.
const CANDIDATES = [join(ROOT, 'docs/API.md'), join(ROOT, '../shared/docs/API.md')];
// Outside /api/v1 and not part of the REST contract's resources (API.md "health").
const INFRASTRUCTURE = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics']);

/** Every `METHOD /path` that API.md names, path without query, in OpenAPI form. */
export function apiMdRoutes(): string[] {
  const file = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`API.md not found in ${CANDIDATES.join(' or ')}`);
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const match of text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s?]*)/g)) {
    const key = `${match[1]} ${match[2]}`;
    if (!INFRASTRUCTURE.has(key)) found.add(key);
  }
  return [...found];
}
