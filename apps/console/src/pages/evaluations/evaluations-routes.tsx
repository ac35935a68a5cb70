import { usePageTitle } from '../../page-title';

export function EvaluationsRoutes() {
  usePageTitle('Evaluations');
  return <h1>Evaluations</h1>;
}
