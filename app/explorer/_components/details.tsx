'use client';
// Details of the selected node: a topic's stats, numeric leaves to plot, findings, last value and
// history with diffs, or a subtree summary.
import type { ReactNode } from 'react';
import { TopicFindingsList } from './findings';
import { formatAge, formatCount, formatRate, prettyPayload } from './format';
import { HistoryList } from './history';
import { PanelSection } from './section';
import type { TopicTreeModel, TreeNode } from './tree-model';
import type { TopicChartState } from './use-topic-chart';
import { useTopicHistory } from './use-topic-history';
import { ErrorAlert } from '../../_components/ui/alert';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { CopyButton } from '../../_components/ui/copy-button';
import { formatBytes } from '../../_components/ui/format';

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
  chart,
  onPublishHere,
}: {
  sessionId: string;
  filter: string;
  node: TreeNode;
  chart: TopicChartState;
  onPublishHere(topic: string, payload?: string): void;
}) {
  const t = node.topic;
  const { data, error } = useTopicHistory(sessionId, filter, node.path, t?.count);
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
      <ErrorAlert message={error} />
      {data && data.numeric_leaves.length > 0 && (
        <PanelSection id="plot-title" title="Plot">
          <div className="flex flex-wrap gap-1.5">
            {data.numeric_leaves.map((path) => {
              const leaf = { topic: node.path, path };
              const on = chart.isPlotted(leaf);
              return (
                <Button
                  key={path}
                  size="sm"
                  variant={on ? 'primary' : 'secondary'}
                  aria-pressed={on}
                  onClick={() => chart.toggle(leaf)}
                >
                  <span className="font-mono">{path === '' ? 'value' : path}</span>
                </Button>
              );
            })}
          </div>
        </PanelSection>
      )}
      <TopicFindingsList sessionId={sessionId} filter={filter} topic={node.path} />
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
  chart,
  onSelect,
  onPublishHere,
}: {
  sessionId: string;
  filter: string;
  model: TopicTreeModel;
  path?: string;
  chart: TopicChartState;
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
          chart={chart}
          onPublishHere={onPublishHere}
        />
      ) : null}
      {node.children.size > 0 && <SubtreeDetails model={model} node={node} onSelect={onSelect} />}
    </div>
  );
}
