import { filtersFromParams, paramsOf, type LinkedFilters } from './linked-filters';

/** The viewer's places, as the address bar's hash names them. */
export type ViewerRoute =
  /** `#/?host=…&seg=[…]`: the list, narrowed by a link (from the overview); `error` if refused. */
  | { name: 'list'; linked?: LinkedFilters; error?: string }
  /** `#/overview?from=…`: metrics across the sessions the filters select. */
  | { name: 'overview'; linked: LinkedFilters }
  /** `#/session/ID?t=12.5`: a session, at 12.5 s into its replay. */
  | { name: 'session'; id: string; t: number | null };

export function parseHashRoute(hash: string): ViewerRoute {
  const path = hash.replace(/^#/, '');
  const [pathname = '', search = ''] = path.split('?', 2);
  const params = new URLSearchParams(search);
  if (pathname === '/overview')
    return { name: 'overview', linked: filtersFromParams(params).filters };
  const match = /^\/session\/([^/]+)$/.exec(pathname);
  if (!match) {
    if (search === '' || (pathname !== '/' && pathname !== '')) return { name: 'list' };
    const { filters, error } = filtersFromParams(params);
    return error === null
      ? { name: 'list', linked: filters }
      : { name: 'list', linked: filters, error };
  }
  const t = Number(params.get('t'));
  return {
    name: 'session',
    id: decodeURIComponent(match[1]!),
    t: Number.isFinite(t) && t >= 0 && params.has('t') ? t : null,
  };
}

export function hashOf(route: ViewerRoute): string {
  if (route.name === 'list') return `#/${route.linked ? paramsOf(route.linked) : ''}`;
  if (route.name === 'overview') return `#/overview${paramsOf(route.linked)}`;
  const t = route.t === null ? '' : `?t=${Math.round(route.t * 10) / 10}`;
  return `#/session/${encodeURIComponent(route.id)}${t}`;
}
