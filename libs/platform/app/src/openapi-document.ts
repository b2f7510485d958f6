import {
  RequestMethod,
  type DynamicModule,
  type INestApplication,
  type Type,
} from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, MODULE_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig, ModulesContainer } from '@nestjs/core';
import { ApiResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ANSWERS } from '@emporium/platform-http';

/** The controllers of a module and of every module it imports, static or dynamic. */
export function controllersOf(module: unknown, seen = new Set<unknown>()): Type[] {
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

// Nest's own rule for a handler without @HttpCode(): 201 for POST, 200 for the rest.
function statusOf(handler: object): number {
  const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  if (code !== undefined) return code;
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  return method === RequestMethod.POST ? 201 : 200;
}

// @Answers('OrderView') becomes the success response's schema, under the status Nest answers with.
function documentAnswers(controller: Type): void {
  const prototype = controller.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const handler = prototype[name];
    if (name === 'constructor' || typeof handler !== 'function') continue;
    const answer = Reflect.getMetadata(ANSWERS, handler) as string | undefined;
    if (answer === undefined) continue;
    ApiResponse({
      status: statusOf(handler),
      description: 'Success',
      schema: { $ref: `#/components/schemas/${answer}` },
    })(prototype, name, Object.getOwnPropertyDescriptor(prototype, name)!);
  }
}

// Swagger writes OpenAPI 3.0's `nullable: true`; 3.1 (JSON Schema) spells it with a `null` type.
function nullableAsNullType(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nullableAsNullType);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const schema = Object.fromEntries(
    Object.entries(rest).map(([key, item]) => [key, nullableAsNullType(item)]),
  );
  if (nullable !== true) return schema;
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [schema, { type: 'null' }] };
}

/**
 * The OpenAPI document of `controllers`, read from their decorators alone (nothing is started or
 * connected): paths, methods, parameters, status codes and request bodies, the DTOs' constraints
 * once `SwaggerModule.loadPluginMetadata()` has run, and answers named with `@Answers()` as
 * references to component schemas the caller adds.
 */
export function openApiDocumentOf(
  controllers: readonly Type[],
  info: { readonly title: string; readonly version: string },
): OpenAPIObject {
  controllers.forEach(documentAnswers);
  const modules = new ModulesContainer();
  // The scanner reads only the prototypes of the controllers; each gets a bare one.
  modules.set('document', {
    metatype: class Document {},
    controllers: new Map(
      controllers.map((controller) => [
        controller.name,
        { metatype: controller, instance: Object.create(controller.prototype) as object },
      ]),
    ),
    imports: new Set(),
  } as never);
  const view = {
    container: { getModules: () => modules, isGlobalModule: () => false },
    config: new ApplicationConfig(),
    getHttpAdapter: () => ({ getType: () => 'fastify' }),
  } as unknown as INestApplication;
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setVersion(info.version)
    .setOpenAPIVersion('3.1.0')
    .build();
  return nullableAsNullType(SwaggerModule.createDocument(view, config)) as OpenAPIObject;
}
