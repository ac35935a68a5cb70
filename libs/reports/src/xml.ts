// XML 1.0 output helpers: everything is escaped, and characters XML 1.0 cannot carry are removed.

/** Anything outside XML 1.0's Char production (§2.2), including lone surrogates. */
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(value: string): string {
  return value.replace(ILLEGAL, '');
}

export function escapeText(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values keep tabs and line breaks (as character references, which attribute normalisation keeps). */
export function escapeAttr(value: string | number): string {
  return escapeText(String(value))
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

type Attrs = Record<string, string | number | null | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(v as string | number)}"`)
    .join('');
}

/** A minimal element tree, printed with two-space indentation. */
export interface XmlElement {
  name: string;
  attrs?: Attrs;
  children?: XmlElement[];
  text?: string;
}

export function printXml(root: XmlElement): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const walk = (e: XmlElement, depth: number) => {
    const pad = '  '.repeat(depth);
    const open = `${pad}<${e.name}${attrs(e.attrs ?? {})}`;
    if (e.text !== undefined) {
      lines.push(`${open}>${escapeText(e.text)}</${e.name}>`);
    } else if (e.children && e.children.length > 0) {
      lines.push(`${open}>`);
      for (const c of e.children) walk(c, depth + 1);
      lines.push(`${pad}</${e.name}>`);
    } else {
      lines.push(`${open}/>`);
    }
  };
  walk(root, 0);
  return `${lines.join('\n')}\n`;
}
