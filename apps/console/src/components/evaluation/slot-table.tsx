import { Badge } from '../badge';
import { ACTION_BADGE, ACTION_LABEL, SLOT_TYPE_LABEL, VERDICT_LABEL, slotAnchor } from './labels';
import type { NodeOutcome, SlotResult, Verdict, WorkloadResult } from './types';
import { ImageRef } from './image-ref';
import { ScrollBox } from './scroll-box';

/** One row per image slot, grouped by workload: the scannable overview above the details. */
export function SlotTable({ workloads }: { workloads: readonly WorkloadResult[] }) {
  const unverified = workloads.some((w) => w.slots.some((s) => s.node.imagePresentUnverified));
  return (
    <ScrollBox label="Image slots table">
      <table class="ev-slots">
        <caption class="visually-hidden">Image slots: effective pull policy and what the kubelet does</caption>
        <thead>
          <tr>
            <th scope="col">Workload</th>
            <th scope="col">Slot</th>
            <th scope="col">Image</th>
            <th scope="col">Result</th>
            <th scope="col">Effective policy</th>
            <th scope="col">Image absent</th>
            <th scope="col">Image present</th>
            {unverified && <th scope="col">Present, other credentials</th>}
          </tr>
        </thead>
        {workloads.map((w) => (
          <tbody key={`${w.document}-${w.kind}-${w.name}`}>
            {w.slots.map((s, i) => (
              <tr key={s.path}>
                {i === 0 && (
                  <th scope="rowgroup" rowSpan={w.slots.length} class="ev-workload-cell">
                    {w.kind}/{w.name}
                    <div class="muted small">
                      {w.namespace}, document {w.document + 1}
                    </div>
                  </th>
                )}
                <td>
                  <a
                    href={`#${slotAnchor(w.document, s.path)}`}
                    onClick={(e) => reveal(e, slotAnchor(w.document, s.path))}
                  >
                    {s.name}
                  </a>
                  <div class="muted small">{SLOT_TYPE_LABEL[s.type]}</div>
                </td>
                <td>
                  <ImageRef reference={s.image.reference} />
                </td>
                <td>
                  <Badge value={slotVerdict(s)} label={VERDICT_LABEL[slotVerdict(s)]} />
                  <FindingCount slot={s} />
                </td>
                <td>
                  <Badge value={s.pullPolicy.effective} />
                  <div class="muted small">
                    {s.pullPolicy.admittedBy
                      ? `set by ${s.pullPolicy.admittedBy}`
                      : s.pullPolicy.declared
                        ? 'as declared'
                        : 'defaulted'}
                  </div>
                </td>
                <OutcomeCell outcome={s.node.imageAbsent} />
                <OutcomeCell outcome={s.node.imagePresent} />
                {unverified &&
                  (s.node.imagePresentUnverified ? (
                    <OutcomeCell outcome={s.node.imagePresentUnverified} />
                  ) : (
                    <td class="muted">—</td>
                  ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </ScrollBox>
  );
}

function OutcomeCell({ outcome }: { outcome: NodeOutcome }) {
  return (
    <td>
      <Badge value={ACTION_BADGE[outcome.action]} label={ACTION_LABEL[outcome.action]} />
      {outcome.reason && (
        <div>
          <code class="small">{outcome.reason}</code>
        </div>
      )}
    </td>
  );
}

function FindingCount({ slot }: { slot: SlotResult }) {
  const open = slot.findings.filter((f) => !f.waived);
  const waived = slot.findings.length - open.length;
  if (slot.findings.length === 0) return null;
  return (
    <div class="muted small">
      {open.length > 0 && `${open.length} ${open.length === 1 ? 'finding' : 'findings'}`}
      {open.length > 0 && waived > 0 && ', '}
      {waived > 0 && `${waived} waived`}
    </div>
  );
}

/** The slot's own verdict, by the API's rule for the whole evaluation (EvaluationResult.verdict). */
function slotVerdict(s: SlotResult): Verdict {
  if (s.image.error) return 'error';
  const open = s.findings.filter((f) => !f.waived);
  if (open.some((f) => f.enforcement === 'deny')) return 'fail';
  if (open.some((f) => f.enforcement === 'warn')) return 'warn';
  return 'pass';
}

/** Opens the slot's details (a closed <details> hides its content from the fragment) and moves focus there. */
function reveal(e: MouseEvent, id: string) {
  const target = document.getElementById(id);
  if (!(target instanceof HTMLDetailsElement)) return;
  e.preventDefault();
  target.open = true;
  target.scrollIntoView({ block: 'start' });
  target.querySelector('summary')?.focus();
}
