import { PeriodicTask } from './periodic-task';

/** A tick that stays under way until the test lets it finish. */
function controllableTick() {
  const finishers: (() => void)[] = [];
  const tick = jest.fn(() => new Promise<void>((resolve) => finishers.push(resolve)));
  return { tick, finishNext: () => finishers.shift()?.() };
}

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ticks one interval after start and every interval after that', async () => {
    const tick = jest.fn(() => Promise.resolve());
    const task = new PeriodicTask({ intervalMs: 100, tick, onError: jest.fn() });
    task.start();

    await jest.advanceTimersByTimeAsync(99);
    expect(tick).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(tick).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(200);
    expect(tick).toHaveBeenCalledTimes(3);
    await task.stop();
  });

  it('never starts a tick while the previous one is still running', async () => {
    const { tick, finishNext } = controllableTick();
    const task = new PeriodicTask({ intervalMs: 100, tick, onError: jest.fn() });
    task.start();

    await jest.advanceTimersByTimeAsync(1_000);
    expect(tick).toHaveBeenCalledTimes(1);
    finishNext();
    await jest.advanceTimersByTimeAsync(100);
    expect(tick).toHaveBeenCalledTimes(2);
    finishNext();
    await task.stop();
  });

  it('reports a failed tick instead of throwing, and keeps ticking', async () => {
    const failure = new Error('database away');
    const tick = jest.fn().mockRejectedValueOnce(failure).mockResolvedValue(undefined);
    const onError = jest.fn();
    const task = new PeriodicTask({ intervalMs: 100, tick, onError });
    task.start();

    await jest.advanceTimersByTimeAsync(200);
    expect(onError).toHaveBeenCalledWith(failure);
    expect(tick).toHaveBeenCalledTimes(2);
    await task.stop();
  });

  it('runs the next tick at once when a tick says more is due', async () => {
    const tick = jest.fn().mockResolvedValueOnce(true).mockResolvedValue(false);
    const task = new PeriodicTask({ intervalMs: 100, tick, onError: jest.fn() });
    task.start();

    await jest.advanceTimersByTimeAsync(101);
    expect(tick).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(98);
    expect(tick).toHaveBeenCalledTimes(2);
    await task.stop();
  });

  it('waits for the running tick on stop and ticks no more', async () => {
    const { tick, finishNext } = controllableTick();
    const task = new PeriodicTask({ intervalMs: 100, tick, onError: jest.fn() });
    task.start();
    await jest.advanceTimersByTimeAsync(100);

    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finishNext();
    await stopping;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(tick).toHaveBeenCalledTimes(1);
  });

  it('runs a tick on demand after the one under way, and resolves when it is done', async () => {
    const { tick, finishNext } = controllableTick();
    const task = new PeriodicTask({ intervalMs: 100, tick, onError: jest.fn() });
    task.start();
    await jest.advanceTimersByTimeAsync(100);

    let done = false;
    const running = task.runNow().then(() => (done = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(tick).toHaveBeenCalledTimes(1);
    finishNext();
    await jest.advanceTimersByTimeAsync(0);
    expect(tick).toHaveBeenCalledTimes(2);
    expect(done).toBe(false);
    finishNext();
    await running;
    expect(done).toBe(true);
    await task.stop();
  });

  it('brings the next tick forward on a kick, unless one is running', async () => {
    const { tick, finishNext } = controllableTick();
    const task = new PeriodicTask({ intervalMs: 100, tick, onError: jest.fn() });
    task.start();

    task.kick();
    expect(tick).toHaveBeenCalledTimes(1);
    task.kick();
    expect(tick).toHaveBeenCalledTimes(1);
    finishNext();
    await jest.advanceTimersByTimeAsync(99);
    expect(tick).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(tick).toHaveBeenCalledTimes(2);
    finishNext();
    await task.stop();
  });

  it('ignores a kick before start and after stop', async () => {
    const tick = jest.fn(() => Promise.resolve());
    const task = new PeriodicTask({ intervalMs: 100, tick, onError: jest.fn() });
    task.kick();
    task.start();
    await task.stop();
    task.kick();
    await task.runNow();
    expect(tick).not.toHaveBeenCalled();
  });

  it('does not keep the process alive with its timer', async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const task = new PeriodicTask({
      intervalMs: 100,
      tick: () => Promise.resolve(),
      onError: jest.fn(),
    });
    task.start();
    const timer = setTimeoutSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    await task.stop();
  });
});
