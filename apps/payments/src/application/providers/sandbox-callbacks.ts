import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { signWebhook } from '@emporium/platform-auth';

/** How the sandbox calls the service back. */
export interface SandboxCallbackSettings {
  /** The service's own base URL, read when a delivery is sent (the listening port is known late). */
  readonly baseUrl: () => string;
  /** From the provider accepting a payment to its first webhook. */
  readonly delayMs: number;
  /** From the first delivery being acknowledged to its duplicate. */
  readonly duplicateDelayMs?: number;
  /** Tries per delivery, the first included. */
  readonly maxAttempts?: number;
  /** Wait before the first retry; doubled before each next one. */
  readonly retryBaseMs?: number;
  /** Longest wait for an answer to one try. */
  readonly timeoutMs?: number;
}

/** A signed webhook the sandbox will deliver: `body` posted to `path`, signed with `secret`. */
export interface SandboxCallback {
  readonly path: string;
  readonly body: string;
  readonly secret: string;
}

/**
 * Plays the provider's side of asynchronous notifications: after a delay it posts a signed webhook
 * to the service, retries with backoff until answered 2xx, then delivers the same event once more
 * (providers do: Alipay and WeChat Pay repeat notifications). Nothing here outlives the process:
 * timers are unref'd, and closing cancels them and aborts deliveries in flight.
 */
export class SandboxCallbacks implements OnModuleDestroy {
  private readonly log = new Logger(SandboxCallbacks.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(private readonly settings: SandboxCallbackSettings) {}

  /** Delivers `callback` after the configured delay, then its duplicate. */
  schedule(callback: SandboxCallback): void {
    this.later(this.settings.delayMs, () =>
      this.deliver(callback, 1, () =>
        this.later(this.settings.duplicateDelayMs ?? 250, () => this.deliver(callback, 1)),
      ),
    );
  }

  /** Cancels every pending and in-flight delivery; later schedules do nothing. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  onModuleDestroy(): void {
    this.close();
  }

  private later(ms: number, run: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private deliver(callback: SandboxCallback, attempt: number, acknowledged?: () => void): void {
    if (this.closed) return;
    void this.post(callback).then((problem) => {
      if (!problem) {
        acknowledged?.();
        return;
      }
      const maxAttempts = this.settings.maxAttempts ?? 4;
      if (attempt >= maxAttempts || this.closed) {
        this.log.warn(
          `sandbox callback ${callback.path} given up after ${attempt} tries: ${problem}`,
        );
        return;
      }
      const backoff = (this.settings.retryBaseMs ?? 250) * 2 ** (attempt - 1);
      this.later(backoff, () => this.deliver(callback, attempt + 1, acknowledged));
    });
  }

  /** One try: undefined when answered 2xx, else what went wrong. */
  private async post(callback: SandboxCallback): Promise<string | undefined> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.settings.timeoutMs ?? 5_000);
    timeout.unref();
    try {
      const res = await fetch(`${this.settings.baseUrl()}${callback.path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Signed per try, as providers do, so a retry is never refused as expired.
          'x-signature': signWebhook(callback.body, callback.secret),
        },
        body: callback.body,
        signal: controller.signal,
      });
      await res.body?.cancel();
      return res.ok ? undefined : `answered ${res.status}`;
    } catch (error) {
      return (error as Error).message ?? String(error);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
  }
}
