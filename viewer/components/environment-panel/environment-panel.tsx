import type { EnvironmentPayload } from '../../../shared/signals/signal-events';

/** Where the session ran, and where its visitor came from. */
export function EnvironmentPanel({ environment }: { environment: EnvironmentPayload | null }) {
  if (!environment) return <p class="panel-empty">No environment was recorded for this session.</p>;
  const utm = Object.entries(environment.utm);
  const rows: Array<[string, string]> = [
    ['Browser', environment.browser],
    ['Operating system', environment.os],
    ['Viewport', `${environment.viewport.width} × ${environment.viewport.height}`],
    [
      'Screen',
      `${environment.screen.width} × ${environment.screen.height} @ ${environment.devicePixelRatio}×`,
    ],
    ['Language', environment.language],
    ['Time zone', environment.timeZone],
    ['Connection', environment.connection ?? 'unknown'],
    [
      'Device memory',
      environment.deviceMemory !== null ? `${environment.deviceMemory} GiB` : 'unknown',
    ],
    ['Referrer', environment.referrer || 'none (direct)'],
    [
      'Campaign',
      utm.length > 0 ? utm.map(([k, v]) => `${k.replace('utm_', '')}: ${v}`).join(', ') : 'none',
    ],
    ['User agent', environment.userAgent],
  ];
  return (
    <dl class="facts">
      {rows.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
