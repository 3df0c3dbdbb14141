'use client';
// Request/response panel: publish a request and show the answer (MQTT 5 correlation, or a reply topic on 3.1.1).
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../_trpc/client';
import { ErrorAlert, StatusNote } from '../../_components/ui/alert';
import { Button } from '../../_components/ui/button';
import { TextField } from '../../_components/ui/input';
import { PayloadField, TopicField } from './topic-field';

/** The request panel of a session. */
export function RequestPanel({
  sessionId,
  protocolVersion,
}: {
  sessionId?: string;
  protocolVersion?: 4 | 5;
}) {
  const trpc = useTRPC();
  const request = useMutation(trpc.tools.invoke.mqtt_request.mutationOptions());
  const [topic, setTopic] = useState('');
  const [payload, setPayload] = useState('');
  const [reply, setReply] = useState('');
  const [timeout, setTimeoutMs] = useState('5000');
  const needsReply = protocolVersion !== 5;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!sessionId) return;
    request.mutate({
      session_id: sessionId,
      topic,
      payload,
      reply_topic: reply.trim() || undefined,
      timeout_ms: Number(timeout) || 5000,
    });
  };

  const answer = request.data?.answer;
  return (
    <form onSubmit={onSubmit} aria-label="Send a request" className="space-y-3" noValidate>
      <TopicField
        label="Request topic"
        placeholder="cmnd/plug/Power"
        value={topic}
        onValue={setTopic}
      />
      <PayloadField label="Request payload" rows={2} value={payload} onValue={setPayload} />
      <div className="grid grid-cols-2 gap-3">
        <TopicField
          label={needsReply ? 'Reply topic (required on MQTT 3.1.1)' : 'Reply topic (optional)'}
          placeholder="stat/plug/RESULT"
          value={reply}
          onValue={setReply}
        />
        <TextField
          label="Timeout (ms)"
          type="number"
          min={100}
          value={timeout}
          onChange={(e) => setTimeoutMs(e.target.value)}
        />
      </div>
      <ErrorAlert message={request.error?.message} />
      {request.data && !request.isPending && (
        <StatusNote>
          {answer === undefined
            ? 'Cancelled before an answer.'
            : `Answer on ${request.data.reply_topic} after ${request.data.elapsed_ms} ms${request.data.correlated ? ' (correlated)' : ''}:`}
          {answer !== undefined && (
            <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">
              {JSON.stringify(answer, null, 2)}
            </pre>
          )}
        </StatusNote>
      )}
      <Button type="submit" variant="primary" disabled={!sessionId || !topic || request.isPending}>
        {request.isPending ? 'Waiting for the answer…' : 'Send request'}
      </Button>
    </form>
  );
}
