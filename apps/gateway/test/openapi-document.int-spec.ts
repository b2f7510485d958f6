import { gatewayOpenApiDocument } from '../src/openapi-document';
import { startGateway, type TestGateway } from './support';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

describe('the OpenAPI document built in-process', () => {
  it('is the document the running gateway serves, so the client generated from it fits the API', async () => {
    const served = (await (await fetch(`${gw.url}/api/v1/openapi.json`)).json()) as unknown;
    // Through JSON both ways: the served one went through it, and undefined members drop out.
    expect(JSON.parse(JSON.stringify(gatewayOpenApiDocument()))).toEqual(served);
  });
});
