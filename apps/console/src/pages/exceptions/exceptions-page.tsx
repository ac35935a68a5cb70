import { usePageTitle } from '../../page-title';

export function ExceptionsPage() {
  usePageTitle('Exceptions');
  return <h1>Exceptions</h1>;
}
