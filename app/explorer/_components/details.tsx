'use client';
// Details of the selected node: a topic's stats, last value (pretty JSON) and history with diffs, or a subtree summary.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTRPC } from '../../_trpc/client';
import { formatAge, formatCount, formatRate, prettyPayload } from './format';
import { HistoryList } from './history';
import type { TopicTreeModel, TreeNode } from './tree-model';
import { ErrorAlert } from '../../_components/ui/alert';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { CopyButton } from '../../_components/ui/copy-button';
import { formatBytes } from '../../_components/ui/format';

/** Least time between two history refreshes of a busy topic, in ms. */
const REFRESH_MS = 1000;

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="truncate text-sm tabular-nums">{children}</dd>
    </div>
  );
}

function TopicDetails({
  sessionId,
  filter,
  node,
  onPublishHere,
}: {
  sessionId: string;
  filter: string;
  node: TreeNode;
  onPublishHere(topic: string, payload?: string): void;
}) {
  const trpc = useTRPC();
  const t = node.topic;
  const history = useQuery(
    trpc.explorer.history.queryOptions(
      { session_id: sessionId, filter, topic: node.path },
      { placeholderData: keepPreviousData, staleTime: Infinity },
    ),
  );
  const lastFetch = useRef(0);
  const seenCount = useRef(t?.count);
  const { refetch } = history;
  const count = t?.count;
  // A busy topic changes every batch: refresh at most once per REFRESH_MS, always ending current.
  useEffect(() => {
    if (count === undefined || count === seenCount.current) return;
    seenCount.current = count;
    const wait = Math.max(0, lastFetch.current + REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastFetch.current = Date.now();
      void refetch();
    }, wait);
    return () => clearTimeout(timer);
  }, [count, refetch]);

  const data = history.data?.topic.topic === node.path ? history.data : undefined;
  const last = data?.last;
  return (
    <div className="space-y-4">
      {t && (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
          <Stat label="Messages">{formatCount(t.count)}</Stat>
          <Stat label="Rate (10 s)">{formatRate(t.rate)}</Stat>
          <Stat label="Bytes">{formatBytes(t.bytes)}</Stat>
          <Stat label="Last size">{formatBytes(t.size_bytes)}</Stat>
          <Stat label="Format">{t.payload_format}</Stat>
          <Stat label="Retained">{t.retained ? 'yes' : 'no'}</Stat>
          <Stat label="First seen">{formatAge(t.first_seen_ms)}</Stat>
          <Stat label="Last seen">{formatAge(t.last_seen_ms)}</Stat>
        </dl>
      )}
      <ErrorAlert message={history.error?.message} />
      <section aria-labelledby="last-value-title" className="space-y-1.5">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3
            id="last-value-title"
            className="text-xs font-semibold uppercase tracking-wide text-slate-500"
          >
            Last value
          </h3>
          {last && (
            <div className="flex gap-1">
              <CopyButton text={prettyPayload(last)} label="Copy value" />
              <Button size="sm" onClick={() => onPublishHere(node.path, prettyPayload(last))}>
                Republish…
              </Button>
            </div>
          )}
        </div>
        <pre className="max-h-72 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 p-2.5 font-mono text-xs text-slate-800 dark:bg-slate-950 dark:text-slate-200">
          {last ? prettyPayload(last) : (t?.preview ?? '')}
        </pre>
        {last?.payload_truncated && (
          <p className="text-xs text-amber-700 dark:text-amber-400">
            Only the first 4 KB of this {formatBytes(last.size_bytes)} payload are kept.
          </p>
        )}
        {last?.properties && (
          <>
            <h4 className="pt-1 text-xs font-medium text-slate-500">MQTT 5 properties</h4>
            <pre className="overflow-x-auto rounded-md bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950">
              {JSON.stringify(last.properties, null, 2)}
            </pre>
          </>
        )}
      </section>
      {data && (
        <section aria-labelledby="history-title" className="space-y-1">
          <h3
            id="history-title"
            className="text-xs font-semibold uppercase tracking-wide text-slate-500"
          >
            History ({data.history.length} kept)
          </h3>
          {!data.history_complete && (
            <p className="text-xs text-slate-500">
              Older messages of this quiet topic were let go to keep memory bounded.
            </p>
          )}
          <HistoryList records={data.history} />
        </section>
      )}
    </div>
  );
}

function SubtreeDetails({
  model,
  node,
  onSelect,
}: {
  model: TopicTreeModel;
  node: TreeNode;
  onSelect(path: string): void;
}) {
  const talkers = model.topTalkers(node, 8);
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-3 gap-4">
        <Stat label="Topics below">{formatCount(node.topics)}</Stat>
        <Stat label="Messages">{formatCount(node.count)}</Stat>
        <Stat label="Rate (10 s)">{formatRate(node.rate)}</Stat>
      </dl>
      <section aria-labelledby="talkers-title">
        <h3
          id="talkers-title"
          className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500"
        >
          Busiest topics
        </h3>
        <ul className="text-sm">
          {talkers.map((t) => (
            <li key={t.topic}>
              <button
                type="button"
                onClick={() => onSelect(t.topic)}
                className="flex w-full items-center gap-2 rounded px-1 py-1 text-left hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:hover:bg-slate-800"
              >
                <span className="min-w-0 flex-1 truncate font-mono text-xs">{t.topic}</span>
                <span className="shrink-0 text-xs tabular-nums text-slate-500">
                  {formatRate(t.rate)} · {formatCount(t.count)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** The details panel of the selected path. */
export function ExplorerDetails({
  sessionId,
  filter,
  model,
  path,
  onSelect,
  onPublishHere,
}: {
  sessionId: string;
  filter: string;
  model: TopicTreeModel;
  path?: string;
  onSelect(path: string): void;
  onPublishHere(topic: string, payload?: string): void;
}) {
  const node = path !== undefined ? model.node(path) : undefined;
  if (!node) {
    return (
      <p className="text-sm text-slate-500 dark:text-slate-400">
        Select a topic in the tree (arrow keys and Enter work too) to see its last value and
        history.
      </p>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 className="min-w-0 break-all font-mono text-sm font-semibold">
          <span className="sr-only">Selected: </span>
          {node.path === '' ? '(empty)' : node.path}
        </h2>
        <div className="flex flex-wrap gap-1">
          {node.topic?.retained && <Badge tone="violet">retained</Badge>}
          <CopyButton text={node.path} label="Copy topic" />
          <Button size="sm" onClick={() => onPublishHere(node.path)}>
            Publish here
          </Button>
        </div>
      </div>
      {node.topic ? (
        <TopicDetails
          key={node.path}
          sessionId={sessionId}
          filter={filter}
          node={node}
          onPublishHere={onPublishHere}
        />
      ) : null}
      {node.children.size > 0 && <SubtreeDetails model={model} node={node} onSelect={onSelect} />}
    </div>
  );
}
