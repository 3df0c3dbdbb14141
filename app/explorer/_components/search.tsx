'use client';
// Search the watched topics by name (substring or MQTT filter) and by payload text, as you type.
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '../../_trpc/client';
import { formatCount } from './format';
import { ErrorAlert } from '../../_components/ui/alert';
import { Button } from '../../_components/ui/button';
import { TextField } from '../../_components/ui/input';

/** Delay after the last keystroke before searching, in ms. */
const DEBOUNCE_MS = 300;

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** The search form and its results; picking a result selects its topic. */
export function ExplorerSearch({
  sessionId,
  filter,
  onPick,
}: {
  sessionId?: string;
  filter: string;
  onPick(topic: string): void;
}) {
  const trpc = useTRPC();
  const [topic, setTopic] = useState('');
  const [payload, setPayload] = useState('');
  // A string, not an object: the page re-renders with every batch and must not restart the timer.
  const [qTopic = '', qPayload = ''] = useDebounced(
    `${topic.trim()}\u0000${payload.trim()}`,
    DEBOUNCE_MS,
  ).split('\u0000');
  const q = { topic: qTopic, payload: qPayload };
  const active = Boolean(sessionId && (q.topic || q.payload));
  const results = useQuery(
    trpc.explorer.search.queryOptions(
      active && sessionId
        ? {
            session_id: sessionId,
            filter,
            topic: q.topic || undefined,
            payload: q.payload || undefined,
            limit: 100,
          }
        : skipToken,
      { placeholderData: keepPreviousData },
    ),
  );
  const matches = active ? (results.data?.matches ?? []) : [];

  return (
    <div className="space-y-2">
      <form
        role="search"
        aria-label="Search topics and payloads"
        onSubmit={(e) => e.preventDefault()}
        className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      >
        <TextField
          label="Search topics"
          mono
          placeholder="kitchen or home/+/temp"
          value={topic}
          onChange={(e) => setTopic(e.target.value)}
        />
        <TextField
          label="Search payloads"
          mono
          placeholder="text in the value"
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
        />
        {(topic || payload) && (
          <Button
            size="md"
            variant="ghost"
            onClick={() => {
              setTopic('');
              setPayload('');
            }}
          >
            Clear
          </Button>
        )}
      </form>
      <ErrorAlert message={active ? results.error?.message : undefined} />
      {active && results.data && (
        <div className="rounded-md border border-slate-200 dark:border-slate-800">
          <p
            role="status"
            className="border-b border-slate-200 px-2 py-1 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400"
          >
            {matches.length === 0
              ? 'No topic matches.'
              : `${matches.length}${results.data.truncated ? '+' : ''} matching topic${matches.length === 1 ? '' : 's'}`}
          </p>
          {matches.length > 0 && (
            <ul className="max-h-56 overflow-auto" aria-label="Search results">
              {matches.map((m) => (
                <li key={m.topic.topic}>
                  <button
                    type="button"
                    onClick={() => onPick(m.topic.topic)}
                    className="flex w-full items-center gap-2 px-2 py-1 text-left hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-500 dark:hover:bg-slate-800"
                  >
                    <span className="shrink-0 truncate font-mono text-xs sm:max-w-[50%]">
                      {m.topic.topic}
                    </span>
                    <span className="min-w-0 flex-1 truncate font-mono text-xs text-slate-500">
                      {m.matched_in === 'history' ? '(in history) ' : ''}
                      {m.topic.preview}
                    </span>
                    <span className="shrink-0 text-xs tabular-nums">
                      {formatCount(m.topic.count)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
