/** "line 12": a button that moves the editor's caret there when the page has the editor (the playground). */
export function LineRef({ line, onLocate }: { line: number | null; onLocate?: (line: number) => void }) {
  if (line == null) return null;
  if (!onLocate) return <>line {line}</>;
  return (
    <button
      type="button"
      class="ev-link-button"
      aria-label={`Go to line ${line} in the manifests`}
      onClick={() => onLocate(line)}
    >
      line {line}
    </button>
  );
}
