import { Badge } from '../badge';
import { FleetView } from './fleet-view';
import { LineRef } from './line-ref';
import { SLOT_TYPE_LABEL, slotAnchor } from './labels';
import { NodeOutcomes } from './node-outcome';
import type { SlotResult, WorkloadResult } from './types';

/** One workload: each slot's image, pull policy with its reasons, the node outcomes and the slot's findings. */
export function WorkloadSection({
  workload: w,
  open,
  onLocate,
}: {
  workload: WorkloadResult;
  open: boolean;
  onLocate?: (line: number) => void;
}) {
  return (
    <section class="ev-workload">
      <h3>
        {w.kind} {w.name}
      </h3>
      <p class="muted small">
        Namespace <code>{w.namespace}</code>, document {w.document + 1}, <LineRef line={w.line} onLocate={onLocate} />
      </p>
      <ul class="ev-list">
        {w.slots.map((s) => (
          <li key={s.path}>
            <SlotDetails slot={s} document={w.document} open={open} onLocate={onLocate} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function SlotDetails({
  slot: s,
  document,
  open,
  onLocate,
}: {
  slot: SlotResult;
  document: number;
  open: boolean;
  onLocate?: (line: number) => void;
}) {
  const p = s.pullPolicy;
  return (
    <details id={slotAnchor(document, s.path)} class="ev-box" open={open}>
      <summary>
        <strong>{s.name}</strong> <span class="muted">({SLOT_TYPE_LABEL[s.type]})</span>{' '}
        <code>{s.image.reference}</code> effective <Badge value={p.effective} />
      </summary>
      <div class="stack">
        <p class="small muted">
          <code>{s.path}</code>, <LineRef line={s.line} onLocate={onLocate} />
          {s.image.error ? (
            <span class="ev-error-text">. The image reference does not parse: {s.image.error}</span>
          ) : (
            <>
              . Registry <code>{s.image.registry}</code>, repository <code>{s.image.repository}</code>
              {s.image.tag && (
                <>
                  , tag <code>{s.image.tag}</code>
                </>
              )}
              {s.image.digest && (
                <>
                  , digest <code>{s.image.digest}</code>
                </>
              )}
            </>
          )}
        </p>

        <h4>Pull policy</h4>
        <dl class="ev-policy">
          <div>
            <dt>Declared</dt>
            <dd>{p.declared ?? <span class="muted">not set</span>}</dd>
          </div>
          <div>
            <dt>API-server default</dt>
            <dd>{p.default}</dd>
          </div>
          <div>
            <dt>Effective</dt>
            <dd>
              <Badge value={p.effective} />
              {p.admittedBy && <span class="small"> set by {p.admittedBy}</span>}
            </dd>
          </div>
        </dl>
        <ul class="ev-reasons">
          {p.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>

        <h4>On a node</h4>
        <NodeOutcomes node={s.node} />
        {s.node.notes.length > 0 && (
          <>
            <h5>What changes this (kubelet versions, settings, credentials)</h5>
            <ul class="ev-reasons small">
              {s.node.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          </>
        )}

        {s.fleet && (
          <>
            <h4>On the cluster's nodes</h4>
            <FleetView fleet={s.fleet} />
          </>
        )}

        <h4>Findings on this slot</h4>
        {s.findings.length === 0 ? (
          <p class="small muted">None.</p>
        ) : (
          <ul class="small">
            {s.findings.map((f, i) => (
              <li key={i}>
                <Badge value={f.enforcement} /> <strong>{f.rule}</strong>: {f.message}
                {f.waived && <span class="ev-tag"> (waived by {f.waivedBy ?? 'an exception'})</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
