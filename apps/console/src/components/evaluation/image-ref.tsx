import { Fragment } from 'preact';

/**
 * An image reference as code that breaks only after `/`, `:` or before `@`, so a narrow column shows
 * `registry.example.com/` `tools/warmer:1.4` rather than one character per line.
 */
export function ImageRef({ reference }: { reference: string }) {
  const parts = reference.split(/(?<=[/:])|(?=@)/);
  return (
    <code class="ev-image">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {p}
        </Fragment>
      ))}
    </code>
  );
}
