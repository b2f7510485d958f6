/** What a {@link PeriodicTask} runs, how often, and where its failures go. */
export interface PeriodicTaskOptions {
  /** Pause between the end of one tick and the start of the next, in ms. */
  readonly intervalMs: number;
  /** One pass of the work; resolving to `true` means more is due: the next tick follows at once. */
  readonly tick: () => Promise<unknown>;
  /** Told about a tick that threw; the task carries on at the next interval. */
  readonly onError: (error: unknown) => void;
}

/**
 * A background sweep: one tick at a time on an unref'd timer (it never keeps the process alive),
 * failures reported and never thrown, and `stop()` waits for the tick under way.
 */
export class PeriodicTask {
  private state: 'new' | 'started' | 'stopped' = 'new';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly options: PeriodicTaskOptions) {}

  /** Starts ticking; the first tick comes one interval from now. */
  start(): void {
    if (this.state !== 'new') return;
    this.state = 'started';
    this.schedule(this.options.intervalMs);
  }

  /** Stops ticking and resolves once no tick is under way. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    while (this.running) await this.running;
  }

  /** Runs a tick now, after the one under way if any; resolves when it is done. */
  async runNow(): Promise<void> {
    while (this.running) await this.running;
    if (this.state === 'stopped') return;
    await this.run();
  }

  /** Brings the next tick forward to now, unless one is under way already. */
  kick(): void {
    if (this.state === 'started' && !this.running) void this.run();
  }

  private run(): Promise<void> {
    clearTimeout(this.timer);
    this.running = this.tickSafely().then((more) => {
      this.running = undefined;
      this.schedule(more ? 0 : this.options.intervalMs);
    });
    return this.running;
  }

  private async tickSafely(): Promise<boolean> {
    try {
      return (await this.options.tick()) === true;
    } catch (error) {
      this.options.onError(error);
      return false;
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.state !== 'started') return;
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }
}
