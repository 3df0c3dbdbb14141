'use client';
// Findings of the diagnosis over a topic's kept history (and its siblings'), on the topic details.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { PanelSection } from './section';
import { useTRPC } from '../../_trpc/client';
import { ErrorAlert } from '../../_components/ui/alert';
import { Badge, type BadgeTone } from '../../_components/ui/badge';

/** How often findings are computed again while the topic is shown, in ms. */
const REFRESH_MS = 5000;

const TONE: Record<string, BadgeTone> = { critical: 'red', warning: 'amber', info: 'sky' };

/** The findings of one topic, or a line saying none were found. */
export function TopicFindingsList({
  sessionId,
  filter,
  topic,
}: {
  sessionId: string;
  filter: string;
  topic: string;
}) {
  const trpc = useTRPC();
  const q = useQuery(
    trpc.explorer.findings.queryOptions(
      { session_id: sessionId, filter, topic },
      { placeholderData: keepPreviousData, refetchInterval: REFRESH_MS },
    ),
  );
  const data = q.data?.topic === topic ? q.data : undefined;
  return (
    <PanelSection id="findings-title" title="Findings">
      <ErrorAlert message={q.error?.message} />
      {data && data.findings.length === 0 && (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Nothing looks wrong in the last {data.messages} message{data.messages === 1 ? '' : 's'}{' '}
          (device <span className="font-mono">{data.device}</span>).
        </p>
      )}
      {data && data.findings.length > 0 && (
        <ul className="space-y-2" aria-label="Findings of this topic">
          {data.findings.map((f, i) => (
            <li
              key={`${f.kind}-${i}`}
              className="rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800"
            >
              <div className="flex flex-wrap items-center gap-1.5">
                <Badge tone={TONE[f.severity] ?? 'slate'}>{f.severity}</Badge>
                <span className="font-mono text-xs text-slate-500">{f.kind}</span>
              </div>
              <p className="mt-1">{f.summary}</p>
              <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{f.suggestion}</p>
            </li>
          ))}
        </ul>
      )}
    </PanelSection>
  );
}
