/**
 * The code a carrier is known by in webhook paths and secrets: its name in lower case, runs of
 * anything but letters and digits as one dash (`SF Express` → `sf-express`).
 */
export function carrierCode(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Whether `code` is a well-formed carrier code. */
export function isCarrierCode(code: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(code);
}

/**
 * Parses `code=secret` pairs separated by commas (`sf-express=…,zto-express=…`). Returns the
 * secrets by code, or what is wrong with the text.
 */
export function parseCarrierSecrets(
  text: string,
  minLength: number,
): Record<string, string> | string {
  const secrets: Record<string, string> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = pair.indexOf('=');
    const code = at < 0 ? pair : pair.slice(0, at).trim();
    const secret = at < 0 ? '' : pair.slice(at + 1).trim();
    if (!isCarrierCode(code))
      return `"${code}" is not a carrier code (lower-case letters, digits, dashes)`;
    if (code in secrets) return `${code} is given twice`;
    if (secret.length < minLength)
      return `the secret of ${code} is shorter than ${minLength} characters`;
    secrets[code] = secret;
  }
  return Object.keys(secrets).length ? secrets : 'no carrier=secret pair';
}
