import { useEffect, useState } from 'react';

/** The page the URL's hash names: `#/`, `#/experiments/<id>`, `#/runs/<id>`. */
export type Route =
  | { page: 'experiments' }
  | { page: 'experiment'; id: string }
  | { page: 'run'; id: string }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const m = /^\/(experiments|runs)\/([^/]+)\/?$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[2]!);
    return m[1] === 'experiments' ? { page: 'experiment', id } : { page: 'run', id };
  }
  if (path === '/' || path === '/experiments') return { page: 'experiments' };
  return { page: 'not-found', path };
}

export const experimentHref = (id: string): string => `#/experiments/${encodeURIComponent(id)}`;
export const runHref = (id: string): string => `#/runs/${encodeURIComponent(id)}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
