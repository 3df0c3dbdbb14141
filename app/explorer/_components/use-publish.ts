'use client';
// Publish state of the explorer: the form, presets from the page, what was sent, what came back, and the history.
import { skipToken, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../_trpc/client';
import type { ToolInputs, ToolOutputs } from '../../_trpc/types';

/** A topic (and optionally a payload) the page asks the panel to use. */
export interface PublishPreset {
  topic: string;
  payload?: string;
  /** A click on the tree: fills the topic only if the user has not typed one. */
  soft?: boolean;
  /** Changes on every request, so picking the same topic twice still applies. */
  nonce: number;
}

/** The arguments of one publish. */
export type PublishArgs = ToolInputs['mqtt_publish_message'];
/** The broker's answer to one publish. */
export type PublishResult = ToolOutputs['mqtt_publish_message'];

/** A publish made from this panel: what was sent, when, and the broker's answer. */
export interface SentPublish {
  id: number;
  args: PublishArgs;
  result: PublishResult;
  sentAtMs: number;
}

/** Publishes kept in the panel's history. */
export const PUBLISH_HISTORY = 20;

/** The publish form's values, its history, and what the explorer received after the last publish. */
export function usePublish(sessionId: string | undefined, filter: string, preset?: PublishPreset) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.tools.invoke.mqtt_publish_message.mutationOptions());
  const [topic, setTopicValue] = useState('');
  const typed = useRef(false);
  const [sent, setSent] = useState<SentPublish[]>([]);
  const nextId = useRef(1);

  useEffect(() => {
    if (!preset || (preset.soft && typed.current)) return;
    typed.current = false;
    setTopicValue(preset.topic);
  }, [preset]);

  const setTopic = (value: string) => {
    typed.current = value !== '';
    setTopicValue(value);
  };

  const lastArgs = useRef<PublishArgs | undefined>(undefined);
  const send = (args: PublishArgs) => {
    const sentAtMs = Date.now();
    lastArgs.current = args;
    // A confirmation token fits one state of the broker: a republish asks again.
    const kept = { ...args, confirm: undefined };
    mutation.mutate(args, {
      onSuccess: (result) =>
        setSent((prev) =>
          [{ id: nextId.current++, args: kept, result, sentAtMs }, ...prev].slice(
            0,
            PUBLISH_HISTORY,
          ),
        ),
    });
  };
  /** Sends the last attempted publish again with the confirmation token the server gave. */
  const confirmLast = (token: string) => {
    if (lastArgs.current) send({ ...lastArgs.current, confirm: token });
  };

  const latest = sent[0];
  // What the explorer's own subscription received on that topic since the publish.
  const echo = useQuery(
    trpc.explorer.history.queryOptions(
      sessionId && latest ? { session_id: sessionId, filter, topic: latest.args.topic } : skipToken,
      { refetchInterval: (q) => (q.state.dataUpdateCount < 5 ? 400 : false) },
    ),
  );
  const cameBack = latest
    ? echo.data?.history.findLast((r) => Date.parse(r.received_at) >= latest.sentAtMs - 50)
    : undefined;

  return { mutation, topic, setTopic, sent, latest, cameBack, send, confirmLast };
}
