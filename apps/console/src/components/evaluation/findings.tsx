import { Badge } from '../badge';
import { PatchView, type ManifestSource } from './fix-view';
import { LineRef } from './line-ref';
import type { LocatedFinding } from './types';

/** Every finding with where it is, its enforcement and waiver, and its fix as a patch and as patched YAML. */
export function FindingsSection({
  findings,
  source,
  onLocate,
}: {
  findings: readonly LocatedFinding[];
  source: ManifestSource;
  onLocate?: (line: number) => void;
}) {
  const open = findings.length <= 3;
  const combined = combinedFixes(findings);
  return (
    <section aria-labelledby="ev-findings-heading">
      <h2 id="ev-findings-heading">Findings ({findings.length})</h2>
      {findings.length === 0 ? (
        <p class="muted">No rule is broken: no enabled rule found anything in these manifests.</p>
      ) : (
        <ul class="ev-list">
          {findings.map((f, i) => (
            <li key={i}>
              <FindingItem finding={f} source={source} open={open} onLocate={onLocate} />
            </li>
          ))}
        </ul>
      )}
      {combined.map(({ document, patch, count }) => (
        <details key={document} class="ev-box">
          <summary>
            Document {document + 1} with all {count} fixes applied
          </summary>
          <PatchView
            document={document}
            patch={patch}
            source={source}
            title={`Patched YAML of document ${document + 1}, all fixes`}
          />
        </details>
      ))}
    </section>
  );
}

function FindingItem({
  finding: f,
  source,
  open,
  onLocate,
}: {
  finding: LocatedFinding;
  source: ManifestSource;
  open: boolean;
  onLocate?: (line: number) => void;
}) {
  return (
    <details class={`ev-box ev-finding${f.waived ? ' ev-waived' : ''}`} open={open}>
      <summary>
        <Badge value={f.enforcement} /> <Badge value={f.severity} /> <strong>{f.rule}</strong>{' '}
        <span class="muted">
          on {f.workload} ({f.namespace}), <code>{f.slot}</code>
        </span>
        {f.waived && <span class="ev-tag"> waived by {f.waivedBy ?? 'an exception'}</span>}
      </summary>
      <div class="stack">
        <p>{f.message}</p>
        <p class="small muted">
          Rule <strong>{f.rule}</strong> version {f.ruleVersion} ({f.kind}), enforcement {f.enforcement}, severity{' '}
          {f.severity}; document {f.document + 1}, <LineRef line={f.line} onLocate={onLocate} />.
        </p>
        {f.waived && (
          <p class="small">
            Waived by the exception {f.waivedBy ?? '(unnamed)'}: it does not count towards the verdict.
          </p>
        )}
        {f.expiredWaiver && (
          <p class="small">
            The exception <strong>{f.expiredWaiver}</strong> would have waived it but has expired.
          </p>
        )}
        {f.fix ? (
          <>
            <p>
              <strong>Fix:</strong> {f.fix.description}
              {f.fix.image && (
                <>
                  {' '}
                  Image: <code>{f.fix.image}</code>
                </>
              )}
            </p>
            {f.fix.patch.length > 0 ? (
              <PatchView
                document={f.fix.document}
                patch={f.fix.patch}
                source={source}
                title={`Patched YAML of document ${f.fix.document + 1}`}
              />
            ) : (
              <p class="small muted">
                This fix is an instruction, not a patch: the change needs a value only you know.
              </p>
            )}
          </>
        ) : f.fixConflict ? (
          <p class="small">
            No fix of its own: the rule <strong>{f.fixConflict.rule}</strong> patches the same field (
            <code>{f.fixConflict.path}</code>) differently, and its fix stays.
          </p>
        ) : (
          <p class="small muted">The rule offers no fix.</p>
        )}
      </div>
    </details>
  );
}

/** Per document with two or more patches, all of them together (the API withholds conflicting ones). */
function combinedFixes(findings: readonly LocatedFinding[]) {
  const byDocument = new Map<
    number,
    { document: number; patch: NonNullable<LocatedFinding['fix']>['patch']; count: number }
  >();
  for (const f of findings) {
    if (!f.fix || f.fix.patch.length === 0) continue;
    const entry = byDocument.get(f.fix.document) ?? { document: f.fix.document, patch: [], count: 0 };
    entry.patch = [...entry.patch, ...f.fix.patch];
    entry.count++;
    byDocument.set(f.fix.document, entry);
  }
  return [...byDocument.values()].filter((e) => e.count > 1);
}
