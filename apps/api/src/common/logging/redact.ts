/**
 * Removes credentials from text bound for logs: bearer tokens, API key secrets (the `pwk_<prefix>` part stays,
 * it names the key), passwords in connection URLs, and any configured secret value.
 */
export function redactor(secrets: readonly (string | null | undefined)[]): (text: string) => string {
  const literal = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  return (text) => {
    let out = text
      .replace(/(pwk_[0-9a-f]{12})_[A-Za-z0-9_-]{43}/g, '$1_[REDACTED]')
      .replace(/(bearer\s+)[^\s"',;]+/gi, '$1[REDACTED]')
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/\s]+@/gi, '$1[REDACTED]@');
    for (const s of literal) out = out.split(s).join('[REDACTED]');
    return out;
  };
}
