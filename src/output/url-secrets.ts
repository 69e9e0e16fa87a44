/** Query parameters that carry credentials in the wild (`?api_key=`, `?key=`, `?token=`, signed URLs' `sig`). */
const SECRET_PARAM = /^(api[_-]?key|key|token|access[_-]?token|auth|secret|client[_-]?secret|password|sig|signature)$/i;

/**
 * The parts of a URL that are secrets, as they may appear in text: `user:password@` credentials (and a password
 * or a key value long enough to redact alone), `name=value` for credential query parameters.
 */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const found: string[] = [];
  const match = /^[a-z][a-z\d+.-]*:\/\/([^/?#@]*)@/i.exec(url);
  if (match?.[1]) found.push(match[1]);
  if (parsed.password) found.push(parsed.password, decodeURIComponent(parsed.password));
  if (parsed.username && parsed.password) found.push(parsed.username);
  for (const [name, value] of parsed.searchParams) {
    if (!SECRET_PARAM.test(name) || value === '') continue;
    found.push(`${name}=${value}`, value, encodeURIComponent(value));
  }
  return [...new Set(found)];
}
