import { Link } from 'wouter-preact';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { useExceptions } from '../exceptions/exceptions-api';
import { byExpiry, expiredRecently, expiryState, SOON_DAYS } from '../exceptions/expiry';
import { ExpiryInfo } from '../exceptions/expiry-info';
import type { Exception } from '../exceptions/types';

const exceptionLink = (e: Exception) => `/exceptions?${new URLSearchParams({ q: e.name })}`;

/**
 * Waivers that stop waiving within two weeks, and those that stopped in the last two: when one lapses, the
 * findings it hid fail pipelines again. Expired first (already failing), then soonest first.
 */
export function ExpiringWaivers() {
  const exceptions = useExceptions();
  return (
    <section aria-labelledby="waivers-title" class="overview-section">
      <h2 id="waivers-title">Waivers expiring soon</h2>
      {exceptions.isPending ? (
        <Loading label="Loading exceptions…" />
      ) : exceptions.isError ? (
        <ProblemAlert error={exceptions.error} title="The exceptions could not be loaded." />
      ) : (
        <WaiverList all={exceptions.data} />
      )}
    </section>
  );
}

function WaiverList({ all }: { all: Exception[] }) {
  const due = all.filter((e) => expiryState(e) === 'expiring' || expiredRecently(e)).sort(byExpiry);
  if (due.length === 0)
    return (
      <p class="muted">
        No exception expires in the next {SOON_DAYS} days or expired in the last {SOON_DAYS}.{' '}
        {all.length > 0 ? <Link href="/exceptions">All {all.length} exceptions</Link> : 'There are no exceptions.'}
      </p>
    );
  return (
    <>
      <div class="table-wrap">
        <table>
          <caption>
            Exceptions expiring within {SOON_DAYS} days or expired in the last {SOON_DAYS}
          </caption>
          <thead>
            <tr>
              <th scope="col">Exception</th>
              <th scope="col">Owner</th>
              <th scope="col">Rules</th>
              <th scope="col">Expiry</th>
            </tr>
          </thead>
          <tbody>
            {due.map((e) => (
              <tr key={e.id} class={e.expired ? 'highlight' : undefined}>
                <th scope="row">
                  <Link href={exceptionLink(e)}>{e.name}</Link>
                </th>
                <td>{e.owner}</td>
                <td>{e.rules.includes('*') ? 'every rule' : e.rules.join(', ')}</td>
                <td>
                  <ExpiryInfo exception={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link href="/exceptions">All exceptions</Link>
      </p>
    </>
  );
}
