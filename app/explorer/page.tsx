'use client';
// Explorer page: a session's live topic tree (filtered by search), details with history, diff,
// chart and findings, publish.
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useCallback, useState } from 'react';
import { useTRPC } from '../_trpc/client';
import { ChartPanel } from './_components/chart-panel';
import { ExplorerDetails } from './_components/details';
import { ExplorerPublish, type PublishPreset } from './_components/publish';
import { RequestPanel } from './_components/request-panel';
import { RetainedDelete } from './_components/retained-delete';
import { ExplorerSearch } from './_components/search';
import { ExplorerToolbar } from './_components/toolbar';
import { ExplorerTree } from './_components/tree';
import { useTopicChart } from './_components/use-topic-chart';
import { useTopicSearch } from './_components/use-topic-search';
import { useExplorerWatch } from './_components/use-watch';
import { ErrorAlert } from '../_components/ui/alert';
import { Button, buttonClasses } from '../_components/ui/button';
import { Card } from '../_components/ui/card';
import { Loading, PageHeader } from '../_components/ui/page';

/** Most topics "Expand all" opens. */
const EXPAND_ALL_MAX = 5000;

function ExplorerView() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const sessions = useQuery({ ...trpc.sessions.list.queryOptions(), refetchInterval: 5000 });
  const list = sessions.data ?? [];
  const sessionId =
    params.get('session') ??
    (list.find((s) => s.state === 'connected') ?? list[0])?.session_id ??
    undefined;
  const filter = params.get('filter') || '#';
  // The session and topic filter the panels work on.
  const scope = { sessionId, filter };
  const session = list.find((s) => s.session_id === sessionId);
  const watch = useExplorerWatch(sessionId, filter);
  const { model } = watch;
  const search = useTopicSearch(sessionId, filter);
  const chart = useTopicChart(sessionId, filter);

  const [selected, setSelected] = useState<string>();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState<ReadonlyMap<string, number>>(new Map());
  const [preset, setPreset] = useState<PublishPreset>();

  const onWatch = (id: string | undefined, f: string) => {
    const q = new URLSearchParams();
    if (id) q.set('session', id);
    if (f !== '#') q.set('filter', f);
    router.replace(`/explorer${q.size ? `?${q.toString()}` : ''}`);
    setSelected(undefined);
    setExpanded(new Set());
    setShown(new Map());
    chart.clear();
  };

  const onExpand = useCallback((path: string, open: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open) next.add(path);
      else next.delete(path);
      return next;
    });
  }, []);

  const select = useCallback(
    (path: string) => {
      setSelected(path);
      setPreset((p) => ({ topic: path, soft: true, nonce: (p?.nonce ?? 0) + 1 }));
      const ancestors = model.ancestors(path);
      if (ancestors.length > 0) setExpanded((prev) => new Set([...prev, ...ancestors]));
    },
    [model],
  );

  // A cleared topic without traffic leaves the tree once the clear's own empty messages are in.
  const forgetCleared = useCallback(
    (topics: string[]) => {
      const forget = () => {
        for (const t of topics) model.forget(t);
        setShown((prev) => new Map(prev));
      };
      forget();
      setTimeout(forget, 1500);
    },
    [model],
  );

  const expandAll = () => {
    const all = new Set<string>();
    const walk = (node: typeof model.root) => {
      for (const child of node.children.values()) {
        if (child.children.size > 0) {
          all.add(child.path);
          walk(child);
        }
      }
    };
    walk(model.root);
    setExpanded(all);
  };

  if (!sessions.isPending && list.length === 0 && !params.get('session')) {
    return (
      <Card>
        <p className="text-sm">
          No session is open.{' '}
          <Link href="/" className={buttonClasses('primary', 'sm')}>
            Connect to a broker
          </Link>
        </p>
      </Card>
    );
  }

  return (
    <div className="space-y-4">
      <Card as="div">
        <ExplorerToolbar sessions={list} watch={watch} onWatch={onWatch} {...scope} />
        <ErrorAlert
          className="mt-2"
          message={
            watch.error ??
            (watch.closedReason ? `The watch stopped: ${watch.closedReason}.` : undefined)
          }
        />
      </Card>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
        <Card
          title="Topics"
          labelledBy="topics-title"
          className="self-start lg:sticky lg:top-4"
          bodyClassName="space-y-3 p-3"
          actions={
            <>
              <Button
                size="sm"
                variant="ghost"
                onClick={expandAll}
                disabled={model.topicCount === 0 || model.topicCount > EXPAND_ALL_MAX}
              >
                Expand all
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setExpanded(new Set())}
                disabled={expanded.size === 0}
              >
                Collapse all
              </Button>
            </>
          }
        >
          <ExplorerSearch search={search} />
          {model.topicCount === 0 ? (
            <p className="py-10 text-center text-sm text-slate-500 dark:text-slate-400">
              {watch.status === 'live'
                ? `Waiting for messages on ${filter}…`
                : 'Choose a session to watch.'}
            </p>
          ) : (
            <ExplorerTree
              model={model}
              version={watch.version + model.version}
              expanded={expanded}
              shown={shown}
              only={search.only}
              selected={selected}
              onSelect={select}
              onExpand={onExpand}
              onShowMore={(p) =>
                setShown((prev) => new Map(prev).set(p, (prev.get(p) ?? 200) + 1000))
              }
            />
          )}
        </Card>
        <div className="min-w-0 space-y-4">
          <Card title="Details" labelledBy="details-title">
            {sessionId ? (
              <ExplorerDetails
                sessionId={sessionId}
                filter={filter}
                model={model}
                path={selected}
                chart={chart}
                onSelect={select}
                onPublishHere={(topic, payload) =>
                  setPreset((p) => ({ topic, payload, nonce: (p?.nonce ?? 0) + 1 }))
                }
              />
            ) : null}
          </Card>
          {chart.leaves.length > 0 && (
            <Card title="Chart" labelledBy="chart-title">
              <ChartPanel chart={chart} />
            </Card>
          )}
          <Card title="Publish" labelledBy="publish-title">
            <ExplorerPublish
              protocolVersion={session?.protocol_version}
              preset={preset}
              {...scope}
            />
          </Card>
          <Card title="Request" labelledBy="request-title">
            <RequestPanel sessionId={sessionId} protocolVersion={session?.protocol_version} />
          </Card>
          <Card title="Retained messages" labelledBy="retained-title">
            <RetainedDelete sessionId={sessionId} topic={selected} onCleared={forgetCleared} />
          </Card>
        </div>
      </div>
    </div>
  );
}

/** The Explorer page. */
export default function ExplorerPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Explorer">
        Live topics of a session: counts, rates, retained values and history, aggregated on the
        server.
      </PageHeader>
      <Suspense fallback={<Loading />}>
        <ExplorerView />
      </Suspense>
    </div>
  );
}
