import { API_ROUTES, checkAccess, toRouterPath } from './api-routes';

describe('API routes', () => {
  it('lists every method and path once', () => {
    const keys = API_ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lets anyone call a public route', () => {
    expect(checkAccess('public', undefined)).toBe('ok');
  });

  it('answers 401 to anonymous callers of a protected route, 403 to the wrong role', () => {
    expect(checkAccess('authenticated', undefined)).toBe(401);
    expect(checkAccess(['merchant'], undefined)).toBe(401);
    expect(checkAccess(['merchant'], ['customer'])).toBe(403);
    expect(checkAccess(['merchant', 'agent'], ['agent'])).toBe('ok');
    expect(checkAccess('authenticated', ['customer'])).toBe('ok');
  });

  it('turns OpenAPI path parameters into router parameters', () => {
    expect(toRouterPath('/warehouses/{id}/stock/{sku}')).toBe('/warehouses/:id/stock/:sku');
  });
});
