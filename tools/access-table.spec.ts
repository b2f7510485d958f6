import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { declaredAccess } from '@emporium/platform-auth';
import { STAFF_ROLES, type Role } from '@emporium/contracts';
import { API_ROUTES, type Access } from '../apps/gateway/src/edge/domain/api-routes';

// The gateway checks access at the edge and each service again with @Roles()/@Public(): the two
// tables are read here, from the decorators themselves, so that one cannot say what the other refuses.

const ROOT = join(__dirname, '..');

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(path);
    return entry.name.endsWith('.controller.ts') ? [path] : [];
  });
}

const joinPath = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');
// Parameters are named differently on either side (`{id}` / `:idOrSlug`): compare their places.
const shape = (path: string) => path.replace(/\{\w+\}|:\w+/g, '{}');
// Where the edge is stricter on purpose: the service answers any other caller 404 (not theirs).
const STRICTER_AT_THE_EDGE = new Set(['POST /payments/{id}/confirm']);
const describeAccess = (access: Access) =>
  typeof access === 'string' ? access : [...access].sort().join(',');

/** `METHOD /path` → the access the owning service's controller declares. */
function serviceAccess(service: string): Map<string, Access> {
  const table = new Map<string, Access>();
  for (const file of controllerFiles(join(ROOT, 'apps', service, 'src'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(file) as Record<string, unknown>;
    for (const controller of Object.values(exports)) {
      if (typeof controller !== 'function') continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      if (base === undefined) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string;
        const key = `${RequestMethod[method]} ${shape(joinPath(base, path))}`;
        if (table.has(key)) throw new Error(`${relative(ROOT, file)}: ${key} twice`);
        table.set(key, declaredAccess(controller, handler));
      }
    }
  }
  return table;
}

describe("The gateway's access table", () => {
  const upstreams = [...new Set(API_ROUTES.map((r) => r.owner).filter((o) => o !== 'gateway'))];
  const services = new Map<string, Map<string, Access>>(
    upstreams.map((s) => [s, serviceAccess(s)]),
  );

  it('admits on every proxied route exactly whom the owning service admits', () => {
    const drift: string[] = [];
    for (const route of API_ROUTES) {
      const table = services.get(route.owner);
      if (!table || STRICTER_AT_THE_EDGE.has(`${route.method} ${route.path}`)) continue;
      const key = `${route.method} ${shape(route.path)}`;
      const declared = table.get(key);
      if (declared === undefined)
        drift.push(`${route.method} ${route.path}: no ${route.owner} route`);
      else if (describeAccess(declared) !== describeAccess(route.access)) {
        drift.push(
          `${route.method} ${route.path}: gateway ${describeAccess(route.access)}, ${route.owner} ${describeAccess(declared)}`,
        );
      }
    }
    expect(drift).toEqual([]);
  });

  it('lets an admin through wherever staff may pass (API.md "auth")', () => {
    const staff = STAFF_ROLES.filter((role): role is Role => role !== 'admin');
    const withoutAdmin = API_ROUTES.filter(
      (r) =>
        typeof r.access !== 'string' &&
        r.access.some((role) => staff.includes(role)) &&
        !r.access.includes('admin'),
    ).map((r) => `${r.method} ${r.path}`);
    expect(withoutAdmin).toEqual([]);
  });
});
