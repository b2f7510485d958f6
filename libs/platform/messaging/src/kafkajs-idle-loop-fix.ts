/**
 * kafkajs 2.2.4 re-arms a 1 ms timer forever on every broker connection once a response arrives,
 * even with nothing queued (tulios/kafkajs#1556, #1704; unfixed upstream): each idle service burnt
 * about 4 % of a core on it. The queue only needs a timer when requests wait or the broker
 * throttles; a new request or a response checks it anyway.
 */
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** How often waiting requests are retried when the queue is full (kafkajs' own interval). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prototype } = require('kafkajs/src/network/requestQueue') as { prototype: RequestQueue };

prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueue) {
  if (this.throttleCheckTimeoutId) return;
  const throttledForMs = this.throttledUntil - Date.now();
  if (this.pending.length === 0 && throttledForMs <= 0) return;
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttledForMs > 0 ? throttledForMs : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
};
