// Literals for generated CEL. No CEL runtime here: the API server evaluates the expressions, tests use
// @bufbuild/cel through cel-test-harness.ts.

function hex(codePoint: number, width: number): string {
  return codePoint.toString(16).padStart(width, '0');
}

/**
 * A CEL string literal for `text` (cel-spec syntax: double quotes; `\\`, `\"`, `\uXXXX`, `\UXXXXXXXX`): printable
 * ASCII as itself, everything else as a code-point escape, so no newline, quote or backslash can end the literal.
 * Throws on a lone UTF-16 surrogate, which no CEL string can hold.
 */
export function celString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new Error('a lone UTF-16 surrogate cannot be written as a CEL string');
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/** A CEL list literal of string literals. */
export function celStringList(items: readonly string[]): string {
  return `[${items.map(celString).join(', ')}]`;
}
