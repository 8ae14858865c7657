import { useEffect, useState } from 'preact/hooks';
import type { SessionRow } from '../../../shared/db/schema';
import { formatDuration } from '../../../shared/format/format-duration';
import type { SessionSource } from '../../sources/session-source';

function SessionRowView({ session }: { session: SessionRow }) {
  const end = session.endedAt ?? session.lastEventAt;
  return (
    <tr data-session-id={session.id}>
      <td>
        <a href={`#/session/${encodeURIComponent(session.id)}`}>
          {new Date(session.startedAt).toLocaleString()}
        </a>
      </td>
      <td>{session.host}</td>
      <td class="title">{session.title || session.firstUrl}</td>
      <td class="num">{formatDuration(end - session.startedAt)}</td>
      <td class="num">{session.pageCount}</td>
      <td class="num">{session.eventCount}</td>
      <td class="num">{(session.storedBytes / 1024).toFixed(1)} KB</td>
      <td>{session.endReason ?? <span class="live">recording</span>}</td>
    </tr>
  );
}

export function SessionList({ source }: { source: SessionSource }) {
  const [sessions, setSessions] = useState<SessionRow[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => source.watchSessions({}, setSessions, setError), [source]);
  if (error) return <p class="state error">Could not read sessions: {String(error)}</p>;
  if (!sessions) return <p class="state">Loading sessions…</p>;
  if (sessions.length === 0) {
    return (
      <p class="state">
        No sessions yet. Browse any http(s) page in a normal tab and it is recorded here.
      </p>
    );
  }
  return (
    <section>
      <h1>Sessions</h1>
      <table>
        <thead>
          <tr>
            <th>Started</th>
            <th>Site</th>
            <th>First page</th>
            <th class="num">Duration</th>
            <th class="num">Pages</th>
            <th class="num">Events</th>
            <th class="num">Stored</th>
            <th>Ended</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <SessionRowView key={session.id} session={session} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
