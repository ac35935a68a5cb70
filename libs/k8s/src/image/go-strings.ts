// Go's strings.ToLower, as far as the reference parser can observe it.
//
// Go lowercases rune by rune with the simple case mappings of UnicodeData (unicode.ToLower);
// JavaScript's toLowerCase applies the full mappings of SpecialCasing. They change exactly the
// same characters; the results differ only in what some non-ASCII characters become. The parser
// only ever (a) asks whether lowercasing changes a string and (b) matches the lowercased string
// against an ASCII-only grammar, so the one difference that matters is U+0130 (LATIN CAPITAL
// LETTER I WITH DOT ABOVE): Go maps it to ASCII 'i', JavaScript to "i\u0307".
// (U+212A KELVIN SIGN lowercases to ASCII 'k' in both.)

const DOTTED_CAPITAL_I = /\u0130/g;

/** `strings.ToLower(s[start:end]) != s[start:end]` in Go. */
export function goHasUpper(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return true;
    if (c >= 0x80) {
      const part = s.slice(start, end);
      return part.toLowerCase() !== part;
    }
  }
  return false;
}

/** A string that matches the (ASCII) reference grammar iff Go's `strings.ToLower(s)` does. */
export function goToLower(s: string): string {
  return s.replace(DOTTED_CAPITAL_I, 'i').toLowerCase();
}
