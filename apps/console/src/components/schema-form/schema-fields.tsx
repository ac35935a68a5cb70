import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { fieldId, isRecord, joinPath, type FieldErrors, type FieldProblem } from './field-errors';
import { hintFor } from './hints';
import { humanize, shapeOf, singular, type JsonSchema, type SchemaRoot, type Widget } from './json-schema';
import { JsonInput, LinesInput, MapInput } from './text-lists';
import './schema-form.css';

export interface FormContext {
  root: SchemaRoot;
  /** Prefix of every DOM id, so two forms on a page do not collide. */
  idPrefix: string;
  errors: FieldErrors;
  /** Help shown under a field instead of its schema's description, by path (the chosen kind's, say). */
  help?: Record<string, ComponentChildren>;
}

interface FieldProps {
  ctx: FormContext;
  /** The property name; the label is its title or the name in words. */
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  path: string;
}

/** The properties of an object schema as fields, in `order` when given (the rest after, in schema order). */
export function ObjectFields({
  ctx,
  schema,
  value,
  onChange,
  path,
  order = [],
}: {
  ctx: FormContext;
  schema: JsonSchema;
  value: unknown;
  onChange: (value: Record<string, unknown>) => void;
  path: string;
  order?: readonly string[];
}) {
  const obj = isRecord(value) ? value : {};
  const properties = schema.properties ?? {};
  const keys = [...order.filter((k) => k in properties), ...Object.keys(properties).filter((k) => !order.includes(k))];
  return (
    <>
      {keys.map((key) => (
        <SchemaField
          key={key}
          ctx={ctx}
          name={key}
          schema={properties[key]}
          required={schema.required?.includes(key) ?? false}
          value={obj[key]}
          path={joinPath(path, key)}
          onChange={(v) => {
            const next = { ...obj };
            if (v === undefined) delete next[key];
            else next[key] = v;
            onChange(next);
          }}
        />
      ))}
    </>
  );
}

/** One field, its widget chosen from the schema (see json-schema.ts `shapeOf`). */
function SchemaField(props: FieldProps) {
  const { ctx, name, schema: input, required, path } = props;
  const { schema, widget } = shapeOf(ctx.root, input, required);
  const id = fieldId(ctx.idPrefix, path);
  const label = input.title ?? humanize(name);
  const problems = ctx.errors.byField.get(path) ?? [];
  const help = path in (ctx.help ?? {}) ? [ctx.help![path]] : hintFor(schema, widget);
  const hintId = help.length > 0 ? `${id}-hint` : undefined;
  const errorId = problems.length > 0 ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const a11y = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': problems.length > 0 ? ('true' as const) : undefined,
  };
  const hint = hintId && (
    <div id={hintId} class="hint muted small">
      {help.map((h, i) => (
        <span key={i}>{h} </span>
      ))}
    </div>
  );
  const error = errorId && <FieldError id={errorId} problems={problems} widget={widget} />;
  const mark = required && <RequiredMark />;

  if (widget.type === 'object' || widget.type === 'rows' || widget.type === 'enum-set') {
    // A large optional group (a rule's match and exclude) starts folded while it is unset: it applies everywhere.
    const foldable = widget.type === 'object' && !required && Object.keys(schema.properties ?? {}).length >= 3;
    const fieldset = (
      <fieldset
        id={id}
        class={`schema-fieldset ${widget.type}`}
        aria-describedby={describedBy}
        data-invalid={problems.length > 0 ? 'true' : undefined}
      >
        <legend class={foldable ? 'visually-hidden' : undefined}>
          {label}
          {mark}
        </legend>
        {error}
        {hint}
        <Group {...props} schema={schema} widget={widget} label={label} invalid={problems.length > 0} />
      </fieldset>
    );
    if (!foldable) return fieldset;
    const set = isRecord(props.value) && Object.keys(props.value).length > 0;
    const inner = [...ctx.errors.byField.keys()].some((f) => f === path || f.startsWith(`${path}.`));
    return (
      <Foldable label={label} unfold={set || inner} summary={set ? 'set' : 'not set'}>
        {fieldset}
      </Foldable>
    );
  }
  if (widget.type === 'checkbox') {
    return (
      <div class="field checkbox-field">
        <div class="check">
          <input
            {...a11y}
            type="checkbox"
            checked={props.value === undefined ? schema.default === true : props.value === true}
            onChange={(e) => props.onChange(e.currentTarget.checked)}
          />
          <label for={id}>{label}</label>
        </div>
        {error}
        {hint}
      </div>
    );
  }
  return (
    <div class="field">
      <label for={id}>
        {label}
        {mark}
      </label>
      {error}
      <Control {...props} a11y={a11y} schema={schema} widget={widget} required={required} />
      {hint}
    </div>
  );
}

/** A disclosure around a group: open when it has a value or a problem, else as the user leaves it. */
function Foldable({
  label,
  unfold,
  summary,
  children,
}: {
  label: string;
  unfold: boolean;
  summary: string;
  children: ComponentChildren;
}) {
  const [open, setOpen] = useState(unfold);
  useEffect(() => {
    if (unfold) setOpen(true);
  }, [unfold]);
  return (
    <details class="schema-foldable" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {label} <span class="muted small">({summary})</span>
      </summary>
      {children}
    </details>
  );
}

function RequiredMark() {
  return (
    <span class="required-mark" aria-hidden="true">
      {' '}
      *
    </span>
  );
}

/** The field's problems in words, "Error:" first so colour never carries it alone. */
function FieldError({ id, problems, widget }: { id: string; problems: readonly FieldProblem[]; widget: Widget }) {
  const where = (rest: string) => {
    const index = /^\[(\d+)\]/.exec(rest);
    if (index && widget.type === 'lines') return `line ${Number(index[1]) + 1}: `;
    if (index && widget.type === 'enum-set') return `choice ${Number(index[1]) + 1}: `;
    if (rest.startsWith('.') && widget.type === 'map') return `${rest.slice(1)}: `;
    return rest ? `${rest.replace(/^\./, '')}: ` : '';
  };
  return (
    <div id={id} class="field-error">
      {problems.map((p, i) => (
        <p key={i}>
          <strong>Error:</strong> {where(p.rest)}
          {p.message}
        </p>
      ))}
    </div>
  );
}

type ControlProps = FieldProps & {
  a11y: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: 'true' };
  widget: Widget;
};

/** The single control of a labelled field. */
function Control({ a11y, schema, widget, required, value, onChange }: ControlProps) {
  const common = { ...a11y, 'aria-required': required ? ('true' as const) : undefined };
  switch (widget.type) {
    case 'enum':
      return (
        <select
          {...common}
          value={typeof value === 'string' ? value : typeof schema.default === 'string' ? schema.default : ''}
          onChange={(e) => onChange(e.currentTarget.value || undefined)}
        >
          {schema.default === undefined && <option value="">{required ? 'Choose…' : 'Not set'}</option>}
          {widget.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'tristate':
      return (
        <select
          {...common}
          value={value === true ? 'true' : value === false ? 'false' : ''}
          onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value === 'true')}
        >
          <option value="">Not set</option>
          <option value="true">Yes (true)</option>
          <option value="false">No (false)</option>
        </select>
      );
    case 'text': {
      const text = typeof value === 'string' ? value : '';
      const set = (v: string) => onChange(v === '' ? undefined : v);
      return widget.multiline ? (
        <textarea {...common} rows={3} value={text} onInput={(e) => set(e.currentTarget.value)} />
      ) : (
        <input
          {...common}
          type="text"
          autoComplete="off"
          spellcheck={false}
          value={text}
          onInput={(e) => set(e.currentTarget.value)}
        />
      );
    }
    case 'number':
      return (
        <input
          {...common}
          type="number"
          inputMode={widget.integer ? 'numeric' : 'decimal'}
          step={widget.integer ? 1 : 'any'}
          min={schema.minimum}
          max={schema.maximum}
          value={typeof value === 'number' ? String(value) : ''}
          onInput={(e) => onChange(e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
        />
      );
    case 'lines':
      // A required list stays a list when empty, so the API names the field ("at least 1 item").
      return <LinesInput {...common} value={value} onChange={(v) => onChange(v.length || required ? v : undefined)} />;
    case 'map':
      return <MapInput {...common} value={value} onChange={(v) => onChange(Object.keys(v).length ? v : undefined)} />;
    default:
      return <JsonInput {...common} value={value} onChange={onChange} />;
  }
}

type GroupProps = FieldProps & { widget: Widget; label: string; invalid: boolean };

/** The inside of a fieldset: an object's fields, a list of rows, or a set of checkboxes. */
function Group({ ctx, schema, widget, label, invalid, required, value, onChange, path }: GroupProps) {
  if (widget.type === 'enum-set') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <div class="choices">
        {widget.options.map((o) => {
          const id = fieldId(ctx.idPrefix, `${path}.${o}`);
          return (
            <div class="check" key={o}>
              <input
                id={id}
                type="checkbox"
                aria-invalid={invalid ? 'true' : undefined}
                checked={chosen.includes(o)}
                onChange={(e) => {
                  // Kept in the schema's order, whatever order they were ticked in.
                  const next = widget.options.filter((x) => (x === o ? e.currentTarget.checked : chosen.includes(x)));
                  onChange(next.length || required ? next : undefined);
                }}
              />
              <label for={id}>{o}</label>
            </div>
          );
        })}
      </div>
    );
  }
  if (widget.type === 'rows') {
    const rows = Array.isArray(value) ? value : [];
    const rowName = singular(label);
    const set = (next: unknown[]) => onChange(next.length || required ? next : undefined);
    return (
      <div class="stack">
        {rows.length === 0 && <p class="muted small">None yet.</p>}
        {rows.map((row, i) => (
          <fieldset class="schema-row" key={i}>
            <legend>
              {rowName} {i + 1}
            </legend>
            <div class="schema-row-fields">
              <ObjectFields
                ctx={ctx}
                schema={widget.item}
                value={row}
                path={`${path}[${i}]`}
                onChange={(v) => set(rows.map((r, j) => (j === i ? v : r)))}
              />
            </div>
            <button
              type="button"
              class="secondary"
              aria-label={`Remove ${rowName.toLowerCase()} ${i + 1}`}
              onClick={() => set(rows.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </fieldset>
        ))}
        <div>
          <button type="button" class="secondary" onClick={() => set([...rows, {}])}>
            Add {rowName.toLowerCase()}
          </button>
        </div>
      </div>
    );
  }
  const hasFields = Object.keys(schema.properties ?? {}).length > 0;
  if (!hasFields) return <p class="muted small">Nothing to set here.</p>;
  return (
    <div class="schema-object-fields">
      <ObjectFields
        ctx={ctx}
        schema={schema}
        value={value}
        path={path}
        // An optional object left empty is left out, rather than sent as `{}`.
        onChange={(v) => onChange(Object.keys(v).length || required ? v : undefined)}
      />
    </div>
  );
}

/** Moves focus to the first field the API found a problem with (or the first control of such a fieldset). */
export function focusFirstInvalid(container: HTMLElement | null): void {
  const first = container?.querySelector<HTMLElement>(
    '[aria-invalid="true"], fieldset[data-invalid] input, fieldset[data-invalid] select, fieldset[data-invalid] textarea',
  );
  first?.focus();
}
