'use client';
// Activity page: the journal of every tool call, filtered, paged by cursor, with a live tail over SSE.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useMemo, useState } from 'react';
import type { JournalRecord } from './_components/export-format';
import { useTRPC } from '../_trpc/client';
import { ActivityDetail } from './_components/detail';
import { ActivityExport } from './_components/export';
import { ActivityFilters } from './_components/filters';
import {
  filtersFromSearch,
  filtersToSearch,
  NO_FILTER,
  toJournalFilter,
  type ActivityFilterState,
} from './_components/filter-state';
import { ActivityTable } from './_components/table';
import { Badge } from '../_components/ui/badge';
import { Button } from '../_components/ui/button';
import { Card } from '../_components/ui/card';
import { Loading, PageHeader } from '../_components/ui/page';

const PAGE_SIZE = 50;

function inWindow(e: JournalRecord, from?: string, to?: string): boolean {
  return (!from || e.ts >= from) && (!to || e.ts < to);
}

/** Live and paged entries without duplicates, newest first. */
function mergeEntries(
  live: readonly JournalRecord[],
  paged: readonly JournalRecord[],
): JournalRecord[] {
  const seen = new Set<string>();
  const out: JournalRecord[] = [];
  for (const e of [...live, ...paged]) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    out.push(e);
  }
  return out.sort((a, b) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0));
}

/** The Activity page. */
export default function ActivityPage() {
  const trpc = useTRPC();
  const [filters, setFiltersState] = useState<ActivityFilterState>(NO_FILTER);
  useEffect(() => {
    const fromUrl = filtersFromSearch(window.location.search);
    if (Object.values(fromUrl).some(Boolean)) setFiltersState(fromUrl);
  }, []);
  const setFilters = (next: ActivityFilterState) => {
    setFiltersState(next);
    window.history.replaceState(null, '', `${window.location.pathname}${filtersToSearch(next)}`);
  };
  const [paused, setPaused] = useState(false);
  const [open, setOpen] = useState<JournalRecord | null>(null);
  const filter = useMemo(() => toJournalFilter(filters), [filters]);
  const filterKey = JSON.stringify(filter);
  const [live, setLive] = useState<{ key: string; entries: JournalRecord[] }>({
    key: '',
    entries: [],
  });

  const pages = useInfiniteQuery(
    trpc.journal.page.infiniteQueryOptions(
      { ...filter, limit: PAGE_SIZE },
      { getNextPageParam: (last) => last.next_cursor ?? undefined, staleTime: 5_000 },
    ),
  );
  const catalog = useQuery(trpc.tools.catalog.queryOptions(undefined, { staleTime: 60_000 }));
  const sessions = useQuery(
    trpc.sessions.list.queryOptions(undefined, { refetchInterval: 10_000 }),
  );

  const tailInput = {
    tool: filter.tool,
    caller: filter.caller,
    status: filter.status,
    id_prefix: filter.id_prefix,
  };
  const tail = useSubscription(
    trpc.journal.tail.subscriptionOptions(tailInput, {
      enabled: !paused,
      onData: (event) => {
        const entry = event.data;
        if (!inWindow(entry, filter.from, filter.to)) return;
        setLive((prev) => {
          const base = prev.key === filterKey ? prev.entries : [];
          if (base.some((e) => e.id === entry.id)) return prev;
          return { key: filterKey, entries: [entry, ...base].slice(0, 1000) };
        });
      },
    }),
  );

  const liveEntries = live.key === filterKey ? live.entries : [];
  const loaded = pages.data?.pages.flatMap((p) => p.entries) ?? [];
  const entries = mergeEntries(liveEntries, loaded);
  const fresh = new Set(liveEntries.map((e) => e.id));
  const loadedIds = new Set(loaded.map((e) => e.id));
  const unpaged = liveEntries.filter((e) => !loadedIds.has(e.id)).length;
  const first = pages.data?.pages[0];
  const total =
    first && 'total' in first && typeof first.total === 'number' ? first.total : undefined;
  const storeError = first?.store_error;
  const connected = !paused && tail.status === 'pending';

  const togglePause = () => {
    if (paused) {
      setLive({ key: '', entries: [] });
      void pages.refetch();
    }
    setPaused(!paused);
  };

  return (
    <div className="space-y-4">
      <PageHeader
        title="Activity"
        actions={
          <>
            <Badge tone={connected ? 'green' : paused ? 'slate' : 'amber'}>
              {connected ? 'live' : paused ? 'paused' : 'connecting'}
            </Badge>
            <Button size="sm" aria-pressed={paused} onClick={togglePause}>
              {paused ? 'Resume live' : 'Pause live'}
            </Button>
            <ActivityExport entries={entries} />
          </>
        }
      >
        Every tool call, by assistants and by this console, as it happens.
      </PageHeader>

      <Card as="div">
        <ActivityFilters
          value={filters}
          onChange={setFilters}
          tools={(catalog.data ?? []).map((t) => t.name)}
          sessions={(sessions.data ?? []).map((s) => s.session_id)}
        />
      </Card>

      {storeError && (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
        >
          The journal store is unavailable ({storeError}); only calls made from now on appear, live.
        </p>
      )}

      <Card
        bodyClassName="p-0"
        title={
          <span aria-live="polite">
            {entries.length} call{entries.length === 1 ? '' : 's'}
            {total !== undefined ? ` of ${total + unpaged}` : ''}
          </span>
        }
      >
        {pages.error ? (
          <p role="alert" className="p-4 text-sm text-red-700 dark:text-red-400">
            Could not load the journal: {pages.error.message}
          </p>
        ) : pages.isPending ? (
          <Loading className="p-4" />
        ) : entries.length === 0 ? (
          <p className="p-4 text-sm text-slate-500 dark:text-slate-400">
            {Object.values(filters).some(Boolean)
              ? 'No call matches these filters.'
              : 'No tool call yet. Calls from assistants and from the Tools page appear here live.'}
          </p>
        ) : (
          <ActivityTable entries={entries} fresh={fresh} onOpen={setOpen} />
        )}
        {pages.hasNextPage && (
          <div className="border-t border-slate-200 p-3 text-center dark:border-slate-800">
            <Button onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
              {pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </Button>
          </div>
        )}
      </Card>

      <ActivityDetail entry={open} onClose={() => setOpen(null)} />
    </div>
  );
}
