import './kafkajs-idle-loop-fix';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue');

const silent = { debug: () => undefined };

function aQueue(maxInFlightRequests = 1) {
  return new RequestQueue({
    maxInFlightRequests,
    requestTimeout: 30_000,
    clientId: 'test',
    broker: 'b:9092',
    logger: silent,
  });
}

/** A request as the connection pushes it; `sent` counts its sends. */
function aRequest(correlationId: number, sent: number[]) {
  return {
    entry: { correlationId },
    expectResponse: true,
    sendRequest: () => sent.push(correlationId),
  };
}

describe('kafkajs request queue (idle timer fix)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('arms no timer when nothing waits and the broker does not throttle', () => {
    const queue = aQueue();
    queue.checkPendingRequests(); // what every response does
    expect(queue.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('retries a request waiting for an in-flight slot', () => {
    const queue = aQueue(1);
    const sent: number[] = [];
    queue.push(aRequest(1, sent));
    queue.push(aRequest(2, sent));
    expect(sent).toEqual([1]);
    expect(jest.getTimerCount()).toBe(1);
    queue.inflight.delete(1); // the first answered
    jest.advanceTimersByTime(10);
    expect(sent).toEqual([1, 2]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request held by broker throttling once the throttle ends', () => {
    const queue = aQueue(10);
    const sent: number[] = [];
    queue.maybeThrottle(50);
    queue.push(aRequest(1, sent));
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(49);
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual([1]);
  });
});
