/** The time the service goes by; injectable so tests can move it. */
export abstract class Clock {
  abstract now(): Date;
}

/** Wall-clock time. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Time tests control (SLA deadlines, reopen windows): wall-clock time until `set` stops it at an
 * instant; `advance` moves either.
 */
export class ManualClock extends Clock {
  private offsetMs = 0;
  private frozenAt?: number;

  now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }

  /** Moves time by `ms` (negative goes back). */
  advance(ms: number): void {
    if (this.frozenAt === undefined) this.offsetMs += ms;
    else this.frozenAt += ms;
  }

  /** Stops time at `at` until the next `set` or `advance`. */
  set(at: Date): void {
    this.frozenAt = at.getTime();
  }
}
