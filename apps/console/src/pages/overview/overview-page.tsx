import { usePageTitle } from '../../page-title';

export function OverviewPage() {
  usePageTitle('Overview');
  return <h1>Overview</h1>;
}
