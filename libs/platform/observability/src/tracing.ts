import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Attributes,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { childTraceparent } from './traceparent';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A span in progress: its `traceparent` goes on whatever it causes (HTTP calls, events). */
export interface TraceSpan {
  readonly traceparent: string;
  end(outcome?: { error?: unknown; attributes?: Attributes }): void;
}

/** What a span stands for, in OpenTelemetry's terms. */
export type TraceSpanKind = 'server' | 'client' | 'producer' | 'consumer';

const KINDS: Record<TraceSpanKind, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

let provider: TracerProvider | undefined;
let tracer: Tracer | undefined;

/**
 * Turns tracing on for this process: spans go to `exporter`, or to the OTLP/HTTP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. http://otel-collector:4318). Without either, tracing stays
 * off and spans cost nothing but a fresh W3C `traceparent`.
 */
export function configureTracing(
  service: string,
  options: { endpoint?: string; exporter?: SpanExporter },
): void {
  const exporter =
    options.exporter ??
    (options.endpoint
      ? new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` })
      : undefined);
  if (!exporter || provider) return;
  provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 500 })],
  });
  tracer = provider.getTracer('emporium');
}

/** Sends the spans still buffered. */
export async function flushTracing(): Promise<void> {
  await provider?.forceFlush();
}

/** Sends the spans still buffered and turns tracing off (on shutdown). */
export async function shutdownTracing(): Promise<void> {
  const ending = provider;
  provider = undefined;
  tracer = undefined;
  await ending?.shutdown();
}

/** Starts a span as the child of `parent` (a `traceparent` header), or of nothing. */
export function startSpan(
  name: string,
  kind: TraceSpanKind,
  parent: string | undefined,
  attributes?: Attributes,
): TraceSpan {
  if (!tracer) return { traceparent: childTraceparent(parent), end: () => undefined };
  const match = parent ? TRACEPARENT.exec(parent) : null;
  const context = match
    ? trace.setSpanContext(ROOT_CONTEXT, {
        traceId: match[1],
        spanId: match[2],
        traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED,
        isRemote: true,
      })
    : ROOT_CONTEXT;
  const span = tracer.startSpan(name, { kind: KINDS[kind], attributes }, context);
  const { traceId, spanId, traceFlags } = span.spanContext();
  return {
    traceparent: `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`,
    end(outcome) {
      if (outcome?.attributes) span.setAttributes(outcome.attributes);
      if (outcome?.error) {
        span.recordException(
          outcome.error instanceof Error ? outcome.error : String(outcome.error),
        );
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}
