import { createParser } from 'eventsource-parser';
import type { components } from './schema';
import type { Fetch } from './session';

/** One `status` event of an order's stream (API.md `GET /orders/{id}/stream`). */
export interface OrderStatusEvent {
  readonly status: components['schemas']['OrderView']['status'];
  readonly at: string;
  readonly reason?: string;
}

/** An open order status stream. */
export interface OrderStream {
  /** Settles when the stream ends: closed here, aborted, or ended by the gateway (idle). */
  readonly done: Promise<void>;
  /** Stops following the order. */
  close(): void;
}

/** A refused stream: the problem+json the gateway answered instead (404 not yours, 429 too many streams, …). */
export class OrderStreamError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`The order stream was refused with ${status}`);
    this.name = 'OrderStreamError';
  }
}

/**
 * Opens `url` (an order's stream) with `fetch` and calls `onStatus` for each `status` event until
 * the stream ends or is closed. Resolves once the gateway has accepted the stream, so statuses
 * from then on are not missed. Comments (`: ping`) and other events are skipped.
 */
export async function openOrderStream(
  fetch: Fetch,
  url: string,
  onStatus: (event: OrderStatusEvent, stream: OrderStream) => void,
  signal?: AbortSignal,
): Promise<OrderStream> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) controller.abort();
  const response = await fetch(
    new Request(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal }),
  );
  if (!response.ok || !response.body) {
    signal?.removeEventListener('abort', onAbort);
    const text = await response.text();
    throw new OrderStreamError(response.status, text ? (JSON.parse(text) as unknown) : undefined);
  }
  const body = response.body;
  const stream: { done: Promise<void>; close(): void } = {
    done: Promise.resolve(),
    close: () => controller.abort(),
  };
  const parser = createParser({
    onEvent: (message) => {
      if (message.event === 'status')
        onStatus(JSON.parse(message.data) as OrderStatusEvent, stream);
    },
  });
  stream.done = (async () => {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || controller.signal.aborted) break;
        parser.feed(value);
      }
    } catch (error) {
      // Closing aborts the read; that is the end the caller asked for, not a failure.
      if (!controller.signal.aborted) throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    }
  })();
  return stream;
}
