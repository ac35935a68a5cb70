import { usePageTitle } from '../../page-title';

export function PlaygroundPage() {
  usePageTitle('Playground');
  return <h1>Playground</h1>;
}
