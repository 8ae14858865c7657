import {
  sankey,
  sankeyLeft,
  sankeyLinkHorizontal,
  type SankeyLink,
  type SankeyNode,
} from 'd3-sankey';
import {
  EXIT_ROUTE,
  OTHER_ROUTE,
  type FlowLink,
  type FlowNode,
} from '../../../shared/metrics/aggregate-flow';
import { countOf } from '../../../shared/format/count-of';

interface NodeData {
  id: string;
  node: FlowNode;
}
interface LinkData {
  link: FlowLink;
}

const WIDTH = 960;
const HEIGHT = 380;

/** The routes' short form in the diagram: the path, the site left out when it is the same. */
function shortRoute(route: string): string {
  const slash = route.indexOf('/');
  return slash > 0 ? route.slice(slash) || '/' : route;
}

/**
 * Sessions flowing through their first steps (d3-sankey lays it out; links and nodes are links to
 * the sessions behind them). Exits are their own grey nodes: the drop-off after each step.
 */
export function SankeyChart({
  nodes,
  links,
  hrefOf,
}: {
  nodes: readonly FlowNode[];
  links: readonly FlowLink[];
  hrefOf: (item: FlowNode | FlowLink) => string | null;
}) {
  if (links.length === 0) return <p class="muted">No page-to-page movement in these sessions.</p>;
  const layout = sankey<NodeData, LinkData>()
    .nodeId((d) => d.id)
    .nodeWidth(10)
    .nodePadding(12)
    .nodeSort(null)
    // By step, left to right: an exit sits right after the step it left from, not at the far end.
    .nodeAlign(sankeyLeft)
    .extent([
      [1, 6],
      [WIDTH - 150, HEIGHT - 6],
    ]);
  const graph = layout({
    nodes: nodes.map((node) => ({ id: node.id, node })),
    links: links.map((link) => ({
      source: link.source,
      target: link.target,
      value: link.sessions,
      link,
    })),
  });
  const path = sankeyLinkHorizontal<NodeData, LinkData>();
  const nodeLabel = (n: SankeyNode<NodeData, LinkData>) =>
    `Step ${n.node.step + 1}: ${n.node.route === EXIT_ROUTE ? 'exit' : n.node.route} — ${countOf(n.node.sessions, 'session')}`;
  const linkLabel = (l: SankeyLink<NodeData, LinkData>) => {
    const s = (l.source as SankeyNode<NodeData, LinkData>).node;
    const t = (l.target as SankeyNode<NodeData, LinkData>).node;
    return `${shortRoute(s.route)} → ${t.route === EXIT_ROUTE ? 'exit' : shortRoute(t.route)}: ${countOf(l.link.sessions, 'session')}`;
  };
  return (
    <figure class="chart sankey">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label="Page-to-page flow of the first steps"
      >
        <g fill="none">
          {graph.links.map((l, i) => {
            const href = hrefOf(l.link);
            const exit = (l.target as SankeyNode<NodeData, LinkData>).node.route === EXIT_ROUTE;
            const el = (
              <path
                d={path(l) ?? ''}
                stroke={exit ? '#9ca3af' : '#93c5fd'}
                stroke-opacity={0.55}
                stroke-width={Math.max(1, l.width ?? 1)}
                class="flow-link"
              >
                <title>{linkLabel(l)}</title>
              </path>
            );
            return href ? (
              <a key={i} href={href} aria-label={linkLabel(l)}>
                {el}
              </a>
            ) : (
              <g key={i}>{el}</g>
            );
          })}
        </g>
        {graph.nodes.map((n) => {
          const href = hrefOf(n.node);
          const color =
            n.node.route === EXIT_ROUTE
              ? '#6b7280'
              : n.node.route === OTHER_ROUTE
                ? '#c4b5fd'
                : '#2563eb';
          const body = (
            <>
              <rect
                x={n.x0}
                y={n.y0}
                width={(n.x1 ?? 0) - (n.x0 ?? 0)}
                height={Math.max(1, (n.y1 ?? 0) - (n.y0 ?? 0))}
                fill={color}
              >
                <title>{nodeLabel(n)}</title>
              </rect>
              {(n.y1 ?? 0) - (n.y0 ?? 0) >= 8 && (
                <text
                  x={(n.x1 ?? 0) + 4}
                  y={((n.y0 ?? 0) + (n.y1 ?? 0)) / 2}
                  dy="0.32em"
                  class="node-label"
                >
                  {n.node.route === EXIT_ROUTE ? 'exit' : shortRoute(n.node.route)} (
                  {n.node.sessions.toLocaleString('en-US')})
                </text>
              )}
            </>
          );
          return href ? (
            <a key={n.id} href={href} aria-label={nodeLabel(n)}>
              {body}
            </a>
          ) : (
            <g key={n.id}>{body}</g>
          );
        })}
      </svg>
    </figure>
  );
}
