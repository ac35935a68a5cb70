/** Where and why a JSON text is malformed: 0-based offset, 1-based line and column (in characters). */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Finds the first syntax error of a JSON text (RFC 8259), or null when it is well-formed. Only called after
 * JSON.parse failed, whose messages carry no reliable position; iterative, so any nesting depth is fine.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const n = text.length;
  const stack: ('{' | '[')[] = [];
  let i = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  const fail = (offset: number, message: string) => at(text, offset, message);
  const skipWs = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  /** Scans the string starting at text[i] === '"'; returns an error message or null. */
  const scanString = (): JsonSyntaxProblem | null => {
    const start = i;
    i++;
    while (i < n) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return null;
      }
      if (ch === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!HEX4.test(text.slice(i + 2, i + 6))) return fail(i, 'invalid \\u escape: expected four hex digits');
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else return fail(i, `invalid escape sequence \\${e ?? ''} in a string`);
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) return fail(i, 'control character in a string (it must be escaped)');
      i++;
    }
    return fail(start, 'unterminated string');
  };

  for (;;) {
    skipWs();
    if (state === 'value') {
      if (i >= n) return fail(i, 'unexpected end of input: expected a value');
      const ch = text[i]!;
      if (ch === '{' || ch === '[') {
        stack.push(ch);
        i++;
        skipWs();
        if (text[i] === (ch === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          state = 'after';
        } else state = ch === '{' ? 'key' : 'value';
        continue;
      }
      if (ch === '"') {
        const err = scanString();
        if (err) return err;
      } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m) return fail(i, 'invalid number');
        i += m[0].length;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else return fail(i, `unexpected ${describe(ch)}: expected a value`);
      state = 'after';
      continue;
    }
    if (state === 'key') {
      if (i >= n) return fail(i, 'unexpected end of input: expected a property name');
      if (text[i] !== '"') {
        const message =
          text[i] === '}'
            ? 'trailing comma before }'
            : `unexpected ${describe(text[i]!)}: expected a property name in double quotes`;
        return fail(i, message);
      }
      const err = scanString();
      if (err) return err;
      skipWs();
      if (text[i] !== ':')
        return fail(
          i,
          `${i >= n ? 'unexpected end of input' : `unexpected ${describe(text[i]!)}`}: expected ':' after a property name`,
        );
      i++;
      state = 'value';
      continue;
    }
    // after a value
    const top = stack.at(-1);
    if (top === undefined) {
      if (i < n) return fail(i, `unexpected ${describe(text[i]!)} after the JSON value`);
      return null;
    }
    const close = top === '{' ? '}' : ']';
    if (i >= n) return fail(i, `unexpected end of input: expected ',' or '${close}'`);
    const ch = text[i]!;
    if (ch === ',') {
      i++;
      skipWs();
      if (top === '[' && text[i] === ']') return fail(i, 'trailing comma before ]');
      state = top === '{' ? 'key' : 'value';
    } else if (ch === close) {
      stack.pop();
      i++;
    } else return fail(i, `unexpected ${describe(ch)}: expected ',' or '${close}'`);
  }
}

function describe(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `character ${JSON.stringify(ch)}`;
}

/** 1-based line and column of a character offset (lines end at \n). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function at(text: string, offset: number, message: string): JsonSyntaxProblem {
  return { offset, ...lineAndColumn(text, offset), message };
}
