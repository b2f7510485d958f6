import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { configureTracing, flushTracing, shutdownTracing, startSpan } from './tracing';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('tracing', () => {
  afterEach(() => shutdownTracing());

  it('costs nothing but a child traceparent while no exporter is configured', () => {
    const span = startSpan('GET /products', 'server', PARENT);
    expect(span.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(span.traceparent).not.toBe(PARENT);
    expect(() => span.end()).not.toThrow();
  });

  it('exports spans that continue the caller’s trace, with errors marked', async () => {
    const exporter = new InMemorySpanExporter();
    configureTracing('orders', { exporter });
    const server = startSpan('POST /orders', 'server', PARENT, { 'http.route': '/orders' });
    const publish = startSpan('order.placed publish', 'producer', server.traceparent);
    publish.end();
    server.end({ error: new Error('boom'), attributes: { 'http.response.status_code': 500 } });
    await flushTracing();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['order.placed publish', 'POST /orders']);
    const [child, parent] = spans;
    expect(parent.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parent.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(parent.status.code).toBe(2); // ERROR
    expect(parent.resource.attributes['service.name']).toBe('orders');
    expect(server.traceparent).toBe(
      `00-${parent.spanContext().traceId}-${parent.spanContext().spanId}-01`,
    );
  });
});
