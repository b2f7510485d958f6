import { DomainError, type ContentStatus } from '@emporium/contracts';

/** A schedule or body that can never be served (answered as 400). */
export class InvalidContentError extends DomainError {
  readonly status = 400;
}

/** What decides whether a page or banner is served to storefronts. */
export interface Scheduled {
  readonly status: ContentStatus;
  readonly publishAt: Date | null;
  readonly unpublishAt: Date | null;
}

/**
 * Live at `now`: published, its publishAt (if any) reached, its unpublishAt (if any) not yet
 * reached. The window is half-open: live from publishAt, gone at unpublishAt.
 */
export function isLive(item: Scheduled, now: Date): boolean {
  if (item.status !== 'PUBLISHED') return false;
  if (item.publishAt && item.publishAt.getTime() > now.getTime()) return false;
  if (item.unpublishAt && item.unpublishAt.getTime() <= now.getTime()) return false;
  return true;
}

/** A schedule whose end is not after its start can never be live. */
export function validWindow(publishAt: Date | null, unpublishAt: Date | null): boolean {
  return !publishAt || !unpublishAt || unpublishAt.getTime() > publishAt.getTime();
}

/** `utm_campaign` values a content item may carry: letters, digits, `-`, `_`, `.`. */
export const CAMPAIGN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Banner placements: the home page's top, or a category page. */
export const PLACEMENT_PATTERN =
  /^(home-top|category:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Seconds from `now` until the schedule next changes whether `item` is live (Infinity if never). */
export function secondsUntilChange(item: Scheduled, now: Date): number {
  if (item.status !== 'PUBLISHED') return Infinity;
  const ahead = [item.publishAt, item.unpublishAt]
    .filter((at): at is Date => at !== null && at.getTime() > now.getTime())
    .map((at) => (at.getTime() - now.getTime()) / 1000);
  return ahead.length ? Math.min(...ahead) : Infinity;
}
