import type { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { OpenApiDocument } from './edge/http/openapi/openapi.service';

/** The controllers of a module and of every module it imports, static or dynamic. */
function controllersOf(module: unknown, seen = new Set<unknown>()): Type[] {
  const dynamic =
    typeof module === 'object' && module !== null && 'module' in module
      ? (module as DynamicModule)
      : undefined;
  const type = dynamic ? dynamic.module : module;
  if (typeof type !== 'function' || seen.has(dynamic ?? type)) return [];
  seen.add(dynamic ?? type);
  const declared = (key: string): unknown[] => [
    ...((Reflect.getMetadata(key, type) as unknown[] | undefined) ?? []),
    ...(((dynamic as Record<string, unknown> | undefined)?.[key] as unknown[] | undefined) ?? []),
  ];
  return [
    ...(declared(MODULE_METADATA.CONTROLLERS) as Type[]),
    ...declared(MODULE_METADATA.IMPORTS).flatMap((imported) => controllersOf(imported, seen)),
  ];
}

/**
 * The OpenAPI document `GET /api/v1/openapi.json` serves, built in-process without connecting to
 * anything: the client generator (tools/client.ts) reads the public API from here. The scanner
 * only reads the controllers' decorators, so each gets a bare prototype instead of an instance.
 */
export function gatewayOpenApiDocument(): OpenAPIObject {
  const app = AppModule.forConfig(
    loadGatewayConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' }),
  );
  const modules = new ModulesContainer();
  const controllers = new Map(
    controllersOf(app).map((controller) => [
      controller.name,
      { metatype: controller, instance: Object.create(controller.prototype) as object },
    ]),
  );
  modules.set('gateway', { metatype: AppModule, controllers, imports: new Set() } as never);
  const adapterHost = { httpAdapter: { getType: () => 'fastify' } } as unknown as HttpAdapterHost;
  return new OpenApiDocument(modules, adapterHost).value;
}
