import { useState } from 'preact/hooks';

/** Copies text to the clipboard and says so in words (announced politely). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard permission (or not a secure context): the text is still there to select.
      setState('failed');
    }
  }
  return (
    <span class="ev-copy">
      <button type="button" class="secondary ev-small-button" onClick={copy}>
        {label}
      </button>
      <span role="status" class="small muted">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Could not copy; select the text instead.' : ''}
      </span>
    </span>
  );
}
