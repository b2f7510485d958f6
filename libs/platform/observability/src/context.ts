import { AsyncLocalStorage } from 'node:async_hooks';

/** What a request or a consumed event carries through the code it causes: ids for logs and events. */
export interface RequestContext {
  readonly requestId: string;
  /** The journey id: an order's id for every event of its journey, else the request id. */
  readonly correlationId?: string;
  /** The id of the event or request that caused the work in progress. */
  readonly causationId?: string;
  /** W3C trace context of the work in progress. */
  readonly traceparent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` as the current context, for everything it awaits or calls. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request or event being handled, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
