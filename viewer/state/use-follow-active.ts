import { useEffect, useRef } from 'preact/hooks';

/** Keeps the active row of a list in view while the replay plays past it. */
export function useFollowActive(active: number) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const row = list.current?.querySelector<HTMLElement>('[data-active="true"]');
    row?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return list;
}
