import { diffLines } from 'diff';
import { useMemo } from 'preact/hooks';

interface DiffRow {
  change: 'added' | 'removed' | 'same';
  text: string;
  oldLine?: number;
  newLine?: number;
}

function rowsOf(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    if (part.value === '') continue;
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const text of lines) {
      if (part.added) rows.push({ change: 'added', text, newLine: newLine++ });
      else if (part.removed) rows.push({ change: 'removed', text, oldLine: oldLine++ });
      else rows.push({ change: 'same', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return rows;
}

const SIGN = { added: '+', removed: '−', same: '' } as const;
const SAID = { added: 'Added', removed: 'Removed', same: 'Unchanged' } as const;

/**
 * A line diff as a table: each changed line says "+ Added" or "− Removed" in text (the colour only repeats it),
 * with its line number on the old and the new side.
 */
export function LineDiff({ before, after, caption }: { before: string; after: string; caption: string }) {
  const rows = useMemo(() => rowsOf(before, after), [before, after]);
  const changed = rows.filter((r) => r.change !== 'same').length;
  return (
    // Focusable, so a keyboard can scroll a long line into view on a narrow screen.
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table class="line-diff">
        <caption>
          {caption}{' '}
          <span class="muted small">
            ({changed === 0 ? 'no differences' : `${changed} changed line${changed === 1 ? '' : 's'}`})
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Old</th>
            <th scope="col">New</th>
            <th scope="col">Change</th>
            <th scope="col">Line</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} class={`diff-${r.change}`}>
              <td class="diff-number">{r.oldLine ?? ''}</td>
              <td class="diff-number">{r.newLine ?? ''}</td>
              <td class="diff-sign">
                {r.change !== 'same' && (
                  <>
                    <span aria-hidden="true">{SIGN[r.change]} </span>
                    {SAID[r.change]}
                  </>
                )}
                {r.change === 'same' && <span class="visually-hidden">{SAID.same}</span>}
              </td>
              <td>
                <code class="diff-text">{r.text}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
