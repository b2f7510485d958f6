/** A slug: lowercase ASCII letters and digits in words joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Longest slug accepted, so URLs stay readable. */
export const MAX_SLUG_LENGTH = 120;

/** True when `slug` can be used as-is in a URL path. */
export function isValidSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}

/**
 * A slug for a name nobody gave one for: the Latin words of the name (Chinese characters have no
 * URL-safe spelling without a pinyin dictionary) followed by a short fragment of the id, which
 * keeps generated slugs unique even for names that differ only in Chinese.
 */
export function slugFor(name: string, id: string): string {
  const words = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  const fragment = id.replace(/-/g, '').slice(0, 8).toLowerCase();
  return words ? `${words}-${fragment}` : `p-${fragment}`;
}
