import { useEffect, useState } from 'preact/hooks';
import { parseHashRoute, type ViewerRoute } from './hash-route';

/** The current route, following the address bar's hash (back/forward and deep links included). */
export function useHashRoute(): ViewerRoute {
  const [route, setRoute] = useState(() => parseHashRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHashRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
