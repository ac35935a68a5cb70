import { useEffect } from 'preact/hooks';

/** The tab's title follows the page, so history entries and screen readers name where the user is. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · pullwise`;
  }, [title]);
}
