'use client';
// Watches a filter on a session: batches go into the tree model at once, renders once a frame.
import { skipToken } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { startTransition, useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../_trpc/client';
import { TopicTreeModel } from './tree-model';
import type { ExplorerEvent } from '../../_trpc/types';

/** State of a watch as the page shows it. */
export interface ExplorerWatch {
  model: TopicTreeModel;
  /** Grows whenever the model changed and was rendered. */
  version: number;
  status: 'idle' | 'connecting' | 'live' | 'error' | 'closed';
  error?: string;
  /** Why the server ended the watch (session closed, ...). */
  closedReason?: string;
}

/** Live topic tree of `filter` on `sessionId` (nothing while either is missing). */
export function useExplorerWatch(sessionId: string | undefined, filter: string): ExplorerWatch {
  const trpc = useTRPC();
  const [model] = useState(() => new TopicTreeModel());
  const [version, setVersion] = useState(0);
  const [closedReason, setClosedReason] = useState<string>();
  const frame = useRef<number | undefined>(undefined);

  // Pending render is cancelled on unmount; the model itself is updated as events arrive.
  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );

  useEffect(() => {
    model.reset();
    setClosedReason(undefined);
    setVersion((v) => v + 1);
  }, [model, sessionId, filter]);

  const scheduleRender = () => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      startTransition(() => setVersion(model.version));
    });
  };

  const onData = (event: ExplorerEvent) => {
    if (event.type === 'closed') {
      setClosedReason(event.reason);
      return;
    }
    if (event.type === 'snapshot' && event.reset) model.reset();
    model.apply(event.topics, event.totals);
    scheduleRender();
  };

  const sub = useSubscription(
    trpc.explorer.watch.subscriptionOptions(
      sessionId ? { session_id: sessionId, filter } : skipToken,
      { onData, onStarted: () => setClosedReason(undefined) },
    ),
  );

  const status: ExplorerWatch['status'] = closedReason
    ? 'closed'
    : sub.status === 'pending'
      ? 'live'
      : sub.status;
  return { model, version, status, error: sub.error?.message, closedReason };
}
