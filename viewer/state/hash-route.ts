/** The viewer's places, as the address bar's hash names them. */
export type ViewerRoute =
  | { name: 'list' }
  /** `#/session/ID?t=12.5`: a session, at 12.5 s into its replay. */
  | { name: 'session'; id: string; t: number | null };

export function parseHashRoute(hash: string): ViewerRoute {
  const path = hash.replace(/^#/, '');
  const [pathname = '', search = ''] = path.split('?', 2);
  const match = /^\/session\/([^/]+)$/.exec(pathname);
  if (!match) return { name: 'list' };
  const t = Number(new URLSearchParams(search).get('t'));
  return {
    name: 'session',
    id: decodeURIComponent(match[1]!),
    t: Number.isFinite(t) && t >= 0 && new URLSearchParams(search).has('t') ? t : null,
  };
}

export function hashOf(route: ViewerRoute): string {
  if (route.name === 'list') return '#/';
  const t = route.t === null ? '' : `?t=${Math.round(route.t * 10) / 10}`;
  return `#/session/${encodeURIComponent(route.id)}${t}`;
}
