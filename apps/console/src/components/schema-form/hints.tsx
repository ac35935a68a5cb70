import type { ComponentChildren } from 'preact';
import type { JsonSchema, Widget } from './json-schema';

/** Schema prose with its `code` spans as <code>, line breaks kept (descriptions list kinds one per line). */
export function SchemaText({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

function examplesOf(schema: JsonSchema): string[] {
  return (schema.examples ?? []).flatMap((e) => (Array.isArray(e) ? e : [e])).map(String);
}

function lengthText(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (min !== undefined && min > 0 && max !== undefined) return `${min}–${max} ${unit}`;
  if (max !== undefined) return `at most ${max} ${unit}`;
  if (min !== undefined && min > 0) return `at least ${min} ${unit}`;
  return undefined;
}

/** What the schema says about a field, in words: its description, format, limits and examples. */
export function hintFor(schema: JsonSchema, widget: Widget): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  if (schema.description) parts.push(<SchemaText text={schema.description} />);
  if (widget.type === 'text') {
    const length = lengthText(schema.minLength, schema.maxLength, 'characters');
    if (length) parts.push(`${length[0].toUpperCase()}${length.slice(1)}.`);
    if (schema.pattern)
      parts.push(
        <>
          Format: <code>{schema.pattern}</code>.
        </>,
      );
  }
  if (widget.type === 'lines') {
    const count = lengthText(schema.minItems, undefined, schema.minItems === 1 ? 'entry' : 'entries');
    parts.push(`One per line${count ? `, ${count}` : ''}.`);
  }
  if (widget.type === 'map')
    parts.push(
      <>
        One <code>key=value</code> per line.
      </>,
    );
  if (widget.type === 'number' && (schema.minimum !== undefined || schema.maximum !== undefined))
    parts.push(`From ${schema.minimum ?? '…'} to ${schema.maximum ?? '…'}.`);
  if (widget.type === 'json') parts.push('As JSON.');
  const examples = examplesOf(schema);
  if (examples.length > 0)
    parts.push(
      <>
        For example{' '}
        {examples.map((e, i) => (
          <span key={e}>
            {i > 0 && ', '}
            <code>{e}</code>
          </span>
        ))}
        .
      </>,
    );
  return parts;
}
