import { formatDate, formatDateTime } from '../../format';
import { expiryState } from './expiry';
import { ExpiryInfo } from './expiry-info';
import { Waives } from './match-scope';
import type { Exception } from './types';

/** A ticket that is a link opens it; anything else is shown as written. */
function Ticket({ ticket }: { ticket: string }) {
  const isLink = /^https?:\/\/\S+$/.test(ticket);
  return (
    <span class="small">
      Ticket:{' '}
      {isLink ? (
        <a href={ticket} rel="noreferrer noopener" target="_blank">
          {ticket}
        </a>
      ) : (
        <code>{ticket}</code>
      )}
    </span>
  );
}

/** Who and when, the day only; the exact time is in the tooltip. */
function Changed({ e }: { e: Exception }) {
  return (
    <span class="small">
      {e.createdBy ?? 'unknown'}
      <br />
      <time class="muted" dateTime={e.createdAt} title={formatDateTime(e.createdAt)}>
        {formatDate(e.createdAt)}
      </time>
      {e.version > 1 && (
        <>
          <br />
          <span class="muted">
            v{e.version}, updated by {e.updatedBy ?? 'unknown'}{' '}
            <time dateTime={e.updatedAt} title={formatDateTime(e.updatedAt)}>
              {formatDate(e.updatedAt)}
            </time>
          </span>
        </>
      )}
    </span>
  );
}

/**
 * One row per exception; an expired one is highlighted (`tr.highlight`) and says "Expired" in words, since it
 * waives nothing any more.
 */
export function ExceptionsTable(props: {
  items: Exception[];
  total: number;
  /** The row actions, offered only with rules:write. */
  actions?: {
    onEdit: (e: Exception) => void;
    /** Renews an expired or expiring waiver by 30 days in one click; `busy` is the one being saved. */
    onExtend: (e: Exception) => void;
    onDelete: (e: Exception) => void;
    busy?: string;
  };
}) {
  const { items, total, actions } = props;
  return (
    <div class="table-wrap">
      <table class="exceptions-table">
        <caption>
          Exceptions{' '}
          <span class="muted small">
            ({items.length === total ? `${total}` : `${items.length} of ${total} shown`}; expired first, then by expiry)
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Exception</th>
            <th scope="col">Waives</th>
            <th scope="col">Owner</th>
            <th scope="col">Justification</th>
            <th scope="col">Expiry</th>
            <th scope="col">Created</th>
            {actions && (
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} id={`exception-${e.name}`} class={expiryState(e) === 'expired' ? 'highlight' : undefined}>
              <th scope="row" class="name-cell">
                <span class="name">{e.name}</span>
                {e.ticket && (
                  <>
                    <br />
                    <Ticket ticket={e.ticket} />
                  </>
                )}
              </th>
              <td>
                <Waives exception={e} />
              </td>
              <td>{e.owner}</td>
              <td class="justification">{e.justification}</td>
              <td class="expiry-cell">
                <ExpiryInfo exception={e} />
              </td>
              <td class="created-cell">
                <Changed e={e} />
              </td>
              {actions && (
                <td>
                  <div class="actions">
                    <button type="button" class="secondary small-button" onClick={() => actions.onEdit(e)}>
                      Edit<span class="visually-hidden"> {e.name}</span>
                    </button>
                    {(expiryState(e) === 'expired' || expiryState(e) === 'expiring') && (
                      <button
                        type="button"
                        class="secondary small-button"
                        disabled={actions.busy === e.id}
                        onClick={() => actions.onExtend(e)}
                      >
                        {actions.busy === e.id ? 'Extending…' : 'Extend 30 days'}
                        <span class="visually-hidden"> {e.name}</span>
                      </button>
                    )}
                    <button type="button" class="secondary small-button" onClick={() => actions.onDelete(e)}>
                      Delete<span class="visually-hidden"> {e.name}</span>
                    </button>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
