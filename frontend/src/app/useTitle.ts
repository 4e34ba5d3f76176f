import { useEffect } from 'react';

/** Sets the tab's title: "<page> · Labelloop". */
export function useTitle(page: string): void {
  useEffect(() => {
    document.title = `${page} · Labelloop`;
  }, [page]);
}
