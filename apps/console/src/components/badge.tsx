/**
 * A closed value the API answers (verdict, enforcement, severity, pull policy) as a labelled badge. The colour
 * comes from the value (styles.css `.badge.<value>`), the meaning from the text, never from colour alone.
 */
export function Badge({ value, label }: { value: string; label?: string }) {
  return <span class={`badge ${value.toLowerCase()}`}>{label ?? value}</span>;
}
