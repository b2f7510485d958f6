import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NotFoundError } from '@emporium/contracts';
import { Public } from '@emporium/platform-auth';
import { OpenApiDocument } from './openapi.service';

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Emporium API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body>
</html>`;

// A file, not an inline script: helmet's Content-Security-Policy allows scripts from 'self' only.
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

function swaggerUiRoot(): string {
  // swagger-ui-dist comes with @nestjs/swagger; resolved from there.
  const from = require.resolve('@nestjs/swagger');
  return dirname(require.resolve('swagger-ui-dist/package.json', { paths: [from] }));
}

// The only files the page loads; nothing else of the package is reachable.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** `GET /api/v1/openapi.json` and Swagger UI at `/docs`. */
@ApiExcludeController()
@Public()
@Controller()
export class OpenApiController {
  private readonly assets = new Map<string, Promise<Buffer>>();

  constructor(private readonly document: OpenApiDocument) {}

  @Get('api/v1/openapi.json')
  openapi() {
    return this.document.value;
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  docs() {
    return DOCS_PAGE;
  }

  @Get('docs/init.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  init() {
    return DOCS_INIT;
  }

  @Get('docs/:asset')
  async asset(@Param('asset') asset: string, @Res() reply: FastifyReply) {
    const type = Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
    if (!type) throw new NotFoundError('not-found', 'No such file');
    let content = this.assets.get(asset);
    if (!content) {
      content = readFile(join(swaggerUiRoot(), asset));
      this.assets.set(asset, content);
    }
    return reply
      .header('content-type', type)
      .header('cache-control', 'public, max-age=86400')
      .send(await content);
  }
}
