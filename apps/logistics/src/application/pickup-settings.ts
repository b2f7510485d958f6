import { randomInt } from 'node:crypto';

/** How store pickups are timed (LOGISTICS_PICKUP_WINDOW_DAYS, LOGISTICS_SWEEP_INTERVAL_MS). */
export interface PickupSettings {
  readonly windowDays: number;
  readonly sweepIntervalMs: number;
}

/** Injection token of the PickupSettings. */
export const PICKUP_SETTINGS = Symbol('PICKUP_SETTINGS');

/** A fresh pickup code: six digits from the operating system's CSPRNG, leading zeros kept. */
export function newPickupCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** What a pickup keeps once it is over: no code that could still be read or tried. */
export function endPickup(): { pickupCode: null } {
  return { pickupCode: null };
}
