import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { isRecord } from './field-errors';

type TextareaProps = Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'onInput'>;

/**
 * A textarea that edits a structured value as text. It keeps what the user typed (a trailing newline, a line not
 * finished yet) and takes the value again only when it changes from outside (a reload, a kind switch).
 */
function TextBacked<T>({
  value,
  onChange,
  format,
  parse,
  same,
  ...rest
}: TextareaProps & {
  value: T;
  onChange: (text: string) => void;
  format: (v: T) => string;
  parse: (text: string) => unknown;
  same: (a: unknown, b: T) => boolean;
}) {
  const [text, setText] = useState(() => format(value));
  useEffect(() => {
    if (!same(parse(text), value)) setText(format(value));
    // Only an outside change of the value resets the text, not each keystroke.
  }, [value]);
  return (
    <textarea
      {...rest}
      value={text}
      spellcheck={false}
      onInput={(e) => {
        setText(e.currentTarget.value);
        onChange(e.currentTarget.value);
      }}
    />
  );
}

function parseLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

const sameList = (a: unknown, b: unknown) =>
  JSON.stringify(Array.isArray(a) ? a : []) === JSON.stringify(Array.isArray(b) ? b : []);

/** A list of strings, one per line. */
export function LinesInput({
  value,
  onChange,
  ...rest
}: TextareaProps & { value: unknown; onChange: (v: string[]) => void }) {
  return (
    <TextBacked
      {...rest}
      rows={Math.min(8, Math.max(3, (Array.isArray(value) ? value.length : 0) + 1))}
      value={value}
      format={(v) => (Array.isArray(v) ? v.join('\n') : '')}
      parse={parseLines}
      same={sameList}
      onChange={(text) => onChange(parseLines(text))}
    />
  );
}

/** `key=value` per line; a line without `=` is a key with an empty value (a label may be empty). */
function parseMap(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of parseLines(text)) {
    const at = line.indexOf('=');
    if (at < 0) out[line] = '';
    else out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** An object of strings, `key=value` per line. */
export function MapInput({
  value,
  onChange,
  ...rest
}: TextareaProps & { value: unknown; onChange: (v: Record<string, string>) => void }) {
  return (
    <TextBacked
      {...rest}
      rows={3}
      value={value}
      format={(v) =>
        isRecord(v)
          ? Object.entries(v)
              .map(([k, x]) => `${k}=${String(x)}`)
              .join('\n')
          : ''
      }
      parse={parseMap}
      same={(a, b) => JSON.stringify(a) === JSON.stringify(isRecord(b) ? b : {})}
      onChange={(text) => onChange(parseMap(text))}
    />
  );
}

/** Any value as JSON, for shapes the form has no widget for; text that is not JSON yet is kept, not sent. */
export function JsonInput({
  value,
  onChange,
  ...rest
}: TextareaProps & { value: unknown; onChange: (v: unknown) => void }) {
  const parse = (text: string): unknown => {
    if (!text.trim()) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return Symbol.for('invalid');
    }
  };
  return (
    <TextBacked
      {...rest}
      class="code"
      rows={4}
      value={value}
      format={(v) => (v === undefined ? '' : JSON.stringify(v, null, 2))}
      parse={parse}
      same={(a, b) => typeof a === 'symbol' || JSON.stringify(a) === JSON.stringify(b)}
      onChange={(text) => {
        const v = parse(text);
        if (typeof v !== 'symbol') onChange(v);
      }}
    />
  );
}
