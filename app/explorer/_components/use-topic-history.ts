'use client';
// The kept history of the selected topic, re-read as its count grows (at most once a second).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '../../_trpc/client';

/** Least time between two history refreshes of a busy topic, in ms. */
const REFRESH_MS = 1000;

/** History of `topic`, refreshed when `count` (its message count in the tree) changes. */
export function useTopicHistory(sessionId: string, filter: string, topic: string, count?: number) {
  const trpc = useTRPC();
  const history = useQuery(
    trpc.explorer.history.queryOptions(
      { session_id: sessionId, filter, topic },
      { placeholderData: keepPreviousData, staleTime: Infinity },
    ),
  );
  const lastFetch = useRef(0);
  const seenCount = useRef(count);
  const { refetch } = history;
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
  const data = history.data?.topic.topic === topic ? history.data : undefined;
  return { data, error: history.error?.message };
}
