'use client';
// Search state of the explorer: topic and payload queries, debounced, answered by the server.
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTRPC } from '../../_trpc/client';

/** Delay after the last keystroke before searching, in ms. */
const DEBOUNCE_MS = 300;
/** Most matching topics the tree is filtered to. */
export const SEARCH_LIMIT = 500;

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** A search over the watched topics, as the tree filter and the search form use it. */
export interface TopicSearchState {
  topic: string;
  payload: string;
  setTopic(value: string): void;
  setPayload(value: string): void;
  clear(): void;
  /** The matching topics while a search is active (the tree shows only these), else undefined. */
  only?: ReadonlySet<string>;
  /** More topics matched than SEARCH_LIMIT. */
  truncated: boolean;
  error?: string;
}

/** Search of `filter` on `sessionId` by topic (substring or MQTT filter) and payload text. */
export function useTopicSearch(sessionId: string | undefined, filter: string): TopicSearchState {
  const trpc = useTRPC();
  const [topic, setTopic] = useState('');
  const [payload, setPayload] = useState('');
  // A string, not an object: the page re-renders with every batch and must not restart the timer.
  const [qTopic = '', qPayload = ''] = useDebounced(
    `${topic.trim()}\u0000${payload.trim()}`,
    DEBOUNCE_MS,
  ).split('\u0000');
  const active = Boolean(sessionId && (qTopic || qPayload));
  const results = useQuery(
    trpc.explorer.search.queryOptions(
      active && sessionId
        ? {
            session_id: sessionId,
            filter,
            topic: qTopic || undefined,
            payload: qPayload || undefined,
            limit: SEARCH_LIMIT,
          }
        : skipToken,
      { placeholderData: keepPreviousData, refetchInterval: 3000 },
    ),
  );
  const data = active ? results.data : undefined;
  const only = useMemo(
    () => (data ? new Set(data.matches.map((m) => m.topic.topic)) : undefined),
    [data],
  );
  return {
    topic,
    payload,
    setTopic,
    setPayload,
    clear: () => {
      setTopic('');
      setPayload('');
    },
    only,
    truncated: data?.truncated ?? false,
    error: active ? results.error?.message : undefined,
  };
}
