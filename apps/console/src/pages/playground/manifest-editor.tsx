import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';

/**
 * The "Manifests" textbox with line numbers beside it; lines the service named in an error are marked in the
 * gutter (with a "!" as well as the colour), and `selectLine` moves the caret there.
 */
export function ManifestEditor({
  value,
  onInput,
  onSubmit,
  errorLines,
  textareaRef,
  describedBy,
}: {
  value: string;
  onInput: (value: string) => void;
  onSubmit: () => void;
  errorLines: ReadonlySet<number>;
  textareaRef: RefObject<HTMLTextAreaElement>;
  describedBy: string;
}) {
  const gutter = useRef<HTMLDivElement>(null);
  const count = value.split('\n').length;
  const invalid = errorLines.size > 0;
  return (
    <div class={`pg-editor${invalid ? ' pg-invalid' : ''}`}>
      <div class="pg-gutter" aria-hidden="true" ref={gutter}>
        {Array.from({ length: count }, (_, i) => (
          <div key={i} class={errorLines.has(i + 1) ? 'pg-error-line' : undefined}>
            {errorLines.has(i + 1) ? `! ${i + 1}` : i + 1}
          </div>
        ))}
      </div>
      <textarea
        id="pg-manifests"
        ref={textareaRef}
        class="code"
        value={value}
        wrap="off"
        spellcheck={false}
        autoCapitalize="off"
        autoComplete="off"
        rows={18}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        placeholder={'apiVersion: v1\nkind: Pod\n…'}
        onInput={(e) => onInput(e.currentTarget.value)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        onKeyDown={(e) => {
          // Ctrl/⌘+Enter evaluates without leaving the keyboard.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            onSubmit();
          }
        }}
      />
    </div>
  );
}

/** Selects line `line` (1-based) of the textarea, scrolls it into view and focuses it. */
export function selectLine(textarea: HTMLTextAreaElement, line: number): void {
  const lines = textarea.value.split('\n');
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  const start = lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);
  textarea.focus();
  textarea.setSelectionRange(start, start + (lines[index]?.length ?? 0));
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
  textarea.scrollTop = Math.max(0, (index - 3) * lineHeight);
  textarea.scrollIntoView({ block: 'nearest' });
}
