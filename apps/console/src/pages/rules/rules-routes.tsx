import { usePageTitle } from '../../page-title';

export function RulesRoutes() {
  usePageTitle('Rules');
  return <h1>Rules</h1>;
}
