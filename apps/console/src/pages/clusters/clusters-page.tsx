import { usePageTitle } from '../../page-title';

export function ClustersPage() {
  usePageTitle('Clusters');
  return <h1>Clusters</h1>;
}
