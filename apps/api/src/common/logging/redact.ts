/** A line none of the patterns can apply to (most lines: access lines) is passed after this one scan. */
const MAY_HOLD_CREDENTIALS = /pwk_|bearer|authorization|cookie|:\/\//i;

/**
 * Removes credentials from text bound for logs: bearer tokens, other Authorization values, cookies, API key
 * secrets (the `pwk_<prefix>` part stays, it names the key), passwords in connection URLs, and any configured
 * secret value (also in its JSON-escaped form, since log lines are JSON).
 */
export function redactor(secrets: readonly (string | null | undefined)[]): Redactor {
  const literal = new Set<string>();
  const add = (s: string | null | undefined) => {
    if (typeof s !== 'string' || s.length < 8) return;
    literal.add(s);
    literal.add(JSON.stringify(s).slice(1, -1));
  };
  secrets.forEach(add);
  const patterns = (text: string) =>
    text
      .replace(/(pwk_[0-9a-f]{12})_[A-Za-z0-9_-]{43}/g, '$1_[REDACTED]')
      .replace(/(bearer\s+)[^\s"',;]+/gi, '$1[REDACTED]')
      .replace(/(\bauthorization\\?["']?\s*[:=]\s*\\?["']?)(?!\s|bearer\s)[^"'\\\r\n]+/gi, '$1[REDACTED]')
      .replace(/(\b(?:set-)?cookie\\?["']?\s*[:=]\s*\\?["']?)[^"'\\\r\n]+/gi, '$1[REDACTED]')
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/\s]+@/gi, '$1[REDACTED]@');
  return Object.assign(
    (text: string) => {
      let out = MAY_HOLD_CREDENTIALS.test(text) ? patterns(text) : text;
      for (const s of literal) if (out.includes(s)) out = out.split(s).join('[REDACTED]');
      return out;
    },
    { add },
  );
}

/** Scrubs text; `add` teaches it one more secret (one made after start, such as a development token). */
export type Redactor = ((text: string) => string) & { add(secret: string | null | undefined): void };
