import type { PageViewSignal } from './collect-signals';
import { idleWithin, type IdlePeriod } from './measure-duration';

/** How a person got to a page. */
export type PageMove = 'entry' | 'navigate' | 'reload' | 'back' | 'forward' | 'replace';

export interface PageVisit {
  url: string;
  title: string;
  /** `load`: a document load; `route`: an SPA route change in the same document. */
  kind: 'load' | 'route';
  move: PageMove;
  enteredAt: number;
  /** The next page view, or the session's end. */
  leftAt: number;
  wallMs: number;
  /** wallMs minus the idle periods within it. */
  activeMs: number;
}

export interface SessionFlow {
  pages: PageVisit[];
  entry: string | null;
  exit: string | null;
  backMoves: number;
  forwardMoves: number;
}

/** The page views of a session in order, with the time on each and how each was reached. */
export function buildFlow(
  pageViews: readonly PageViewSignal[],
  endedAt: number,
  idlePeriods: readonly IdlePeriod[],
): SessionFlow {
  const pages: PageVisit[] = pageViews.map((view, i) => {
    const leftAt = Math.max(view.timestamp, pageViews[i + 1]?.timestamp ?? endedAt);
    const wallMs = leftAt - view.timestamp;
    return {
      url: view.url,
      title: view.title,
      kind: view.kind,
      move: i === 0 ? 'entry' : moveOf(view, pageViews[i - 1]!, pageViews[i - 2]),
      enteredAt: view.timestamp,
      leftAt,
      wallMs,
      activeMs: wallMs - idleWithin(idlePeriods, view.timestamp, leftAt),
    };
  });
  return {
    pages,
    entry: pages[0]?.url ?? null,
    exit: pages.at(-1)?.url ?? null,
    backMoves: pages.filter((p) => p.move === 'back').length,
    forwardMoves: pages.filter((p) => p.move === 'forward').length,
  };
}

function moveOf(
  view: PageViewSignal,
  previous: PageViewSignal,
  beforeThat: PageViewSignal | undefined,
): PageMove {
  switch (view.navigation) {
    case 'reload':
      return 'reload';
    case 'replace':
      return 'replace';
    case 'back_forward':
    case 'traverse':
    case 'pop': {
      // The Navigation API's index says which way (its entries are per origin); without it,
      // returning to the page before the previous one is taken as back.
      // An equal index tells nothing: the move went through entries it does not count (another
      // origin, a chrome:// page) and came back to the same one.
      if (
        view.historyIndex !== undefined &&
        previous.historyIndex !== undefined &&
        view.historyIndex !== previous.historyIndex &&
        originOf(view.url) === originOf(previous.url)
      )
        return view.historyIndex < previous.historyIndex ? 'back' : 'forward';
      if (beforeThat && beforeThat.url === view.url) return 'back';
      // Back to the page just left, from one not recorded in between (a link to a chrome:// page,
      // an excluded site): the usual way to come back to it, far more than forward.
      if (view.navigation === 'back_forward' && previous.url === view.url) return 'back';
      // popstate alone also fires for a click on an in-page link: not a history move.
      return view.navigation === 'pop' ? 'navigate' : 'forward';
    }
    default:
      return 'navigate';
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
