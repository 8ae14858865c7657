import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { visibleRange } from './visible-range';

/**
 * Windowing for a list of fixed-height rows in its own scroll container: only the rows in view
 * (plus `overscan`) are rendered. Re-renders only when that range changes, not on every scroll.
 */
export function useWindowedRows<E extends HTMLElement>({
  count,
  rowHeight,
  overscan,
  initialScrollTop = 0,
  onScroll,
}: {
  count: number;
  rowHeight: number;
  overscan: number;
  initialScrollTop?: number;
  onScroll?: (scrollTop: number) => void;
}) {
  const ref = useRef<E>(null);
  const measure = (el: E | null) =>
    visibleRange({
      scrollTop: el?.scrollTop ?? initialScrollTop,
      // Before layout, a guess of one screen keeps the first paint filled.
      viewportHeight: el?.clientHeight || innerHeight,
      rowHeight,
      count,
      overscan,
    });
  const [range, setRange] = useState(() => measure(null));
  const update = useRef(() => {});
  update.current = () => {
    const next = measure(ref.current);
    setRange((prev) => (prev.start === next.start && prev.end === next.end ? prev : next));
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.scrollTop = initialScrollTop;
    update.current();
    const handleScroll = () => {
      update.current();
      onScroll?.(el.scrollTop);
    };
    const resize = new ResizeObserver(() => update.current());
    el.addEventListener('scroll', handleScroll, { passive: true });
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', handleScroll);
      resize.disconnect();
    };
    // Mounting only: later changes of count or height go through `update` below.
  }, []);
  useLayoutEffect(() => update.current(), [count, rowHeight, overscan]);

  // Until the effect above re-measures, a list that just got shorter must not read past its end.
  const end = Math.min(range.end, count);
  return { ref, start: Math.min(range.start, end), end, totalHeight: count * rowHeight };
}
