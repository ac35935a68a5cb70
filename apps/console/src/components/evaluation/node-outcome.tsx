import { Badge } from '../badge';
import { ACTION_BADGE, ACTION_LABEL, NODE_STATES } from './labels';
import type { NodeBehaviour, NodeOutcome } from './types';

/** The three node states side by side: what the kubelet does, whether it asks the registry, and its events. */
export function NodeOutcomes({ node }: { node: NodeBehaviour }) {
  return (
    <div class="ev-outcomes">
      {NODE_STATES.map(({ key, label }) => {
        const outcome = node[key];
        return outcome ? <OutcomeCard key={key} label={label} outcome={outcome} /> : null;
      })}
    </div>
  );
}

function OutcomeCard({ label, outcome }: { label: string; outcome: NodeOutcome }) {
  return (
    <section class="ev-outcome card">
      <h5>{label}</h5>
      <p class="ev-outcome-action">
        <Badge value={ACTION_BADGE[outcome.action]} label={ACTION_LABEL[outcome.action]} />{' '}
        <span>{outcome.contactsRegistry ? 'contacts the registry' : 'does not contact the registry'}</span>
      </p>
      <p class="small">
        Pod status reason:{' '}
        {outcome.reason ? <code>{outcome.reason}</code> : <span class="muted">none, the container starts</span>}
      </p>
      {outcome.events.length > 0 && (
        <>
          <p class="small muted ev-events-label">The kubelet's events</p>
          <ul class="ev-events" aria-label="The kubelet's events">
            {outcome.events.map((e, i) => (
              <li key={i}>
                <span class={e.type === 'Warning' ? 'ev-event-warning' : 'ev-event-normal'}>{e.type}</span>{' '}
                <strong>{e.reason}</strong>
                <div class="ev-event-message">{e.message}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
