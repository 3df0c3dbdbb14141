'use client';
// Delete retained messages from the Explorer: one topic or a subtree, the list shown in a dialog first, then Undo.
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../../_trpc/client';
import { ErrorAlert, StatusNote } from '../../_components/ui/alert';
import { Button } from '../../_components/ui/button';
import { CheckboxField } from '../../_components/ui/input';
import { TopicField } from './topic-field';

/** One retained message as the clear tool lists it. */
interface RetainedRow {
  topic: string;
  value: string;
}

function rowsOf(entries: readonly unknown[]): RetainedRow[] {
  return entries.flatMap((e) => {
    if (typeof e !== 'object' || e === null) return [];
    const { topic, value } = e as { topic?: unknown; value?: unknown };
    return typeof topic === 'string'
      ? [{ topic, value: typeof value === 'string' ? value : '' }]
      : [];
  });
}

/** The delete-retained panel of a session; `onCleared` gets the topics that were cleared. */
export function RetainedDelete({
  sessionId,
  topic,
  onCleared,
}: {
  sessionId?: string;
  topic?: string;
  onCleared(topics: string[]): void;
}) {
  const trpc = useTRPC();
  const preview = useMutation(trpc.tools.invoke.mqtt_clear_retained.mutationOptions());
  const clear = useMutation(trpc.tools.invoke.mqtt_clear_retained.mutationOptions());
  const undo = useMutation(trpc.tools.invoke.mqtt_restore_retained.mutationOptions());
  const [path, setPath] = useState('');
  const [subtree, setSubtree] = useState(false);

  useEffect(() => {
    if (topic) setPath(topic);
  }, [topic]);

  const pattern = subtree ? `${path.replace(/\/?#?$/, '')}/#` : path;
  const rows = rowsOf(preview.data?.retained ?? []);
  const total = preview.data?.count ?? 0;
  const hidden = preview.data?.not_listed ?? 0;
  const cleared = clear.data && !clear.data.dry_run ? clear.data : undefined;

  const ask = () => {
    if (!sessionId || !path) return;
    clear.reset();
    undo.reset();
    preview.mutate({ session_id: sessionId, topic_pattern: pattern, dry_run: true });
  };
  const confirm = () => {
    if (!sessionId || !preview.data) return;
    const topics = rows.map((r) => r.topic);
    clear.mutate(
      {
        session_id: sessionId,
        topic_pattern: pattern,
        dry_run: false,
        confirm: preview.data.confirm,
      },
      { onSuccess: () => onCleared(topics) },
    );
    preview.reset();
  };

  return (
    <div className="space-y-3">
      <TopicField
        label="Retained topic"
        placeholder="devices/garage/door/set"
        value={path}
        onValue={setPath}
      />
      <CheckboxField
        label="Include the subtree (topic/#)"
        checked={subtree}
        onChange={(e) => setSubtree(e.target.checked)}
      />
      <Button variant="danger" disabled={!sessionId || !path || preview.isPending} onClick={ask}>
        {preview.isPending ? 'Reading…' : 'Delete retained…'}
      </Button>
      <ErrorAlert message={preview.error?.message ?? clear.error?.message ?? undo.error?.message} />
      {preview.data && (
        <div
          role="dialog"
          aria-labelledby="retained-dialog-title"
          className="space-y-2 rounded-md border border-red-300 p-3 dark:border-red-800"
        >
          <h3 id="retained-dialog-title" className="text-sm font-semibold">
            {total === 0
              ? `Nothing is retained under ${pattern}`
              : `Delete ${total} retained message${total > 1 ? 's' : ''}?`}
          </h3>
          <ul className="max-h-48 overflow-auto font-mono text-xs">
            {rows.map((r) => (
              <li key={r.topic} className="break-all">
                {r.topic} = {r.value}
              </li>
            ))}
            {hidden > 0 && <li>… and {hidden} more</li>}
          </ul>
          <div className="flex gap-2">
            {rows.length > 0 && (
              <Button variant="danger" size="sm" onClick={confirm}>
                Delete
              </Button>
            )}
            <Button size="sm" variant="ghost" onClick={() => preview.reset()}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {cleared && (
        <StatusNote>
          Deleted {cleared.count} retained message{cleared.count === 1 ? '' : 's'}.{' '}
          {undo.data ? (
            `Restored ${undo.data.restored}.`
          ) : (
            <Button
              size="sm"
              variant="ghost"
              disabled={!sessionId || !cleared.undo_id || undo.isPending}
              onClick={() =>
                sessionId &&
                cleared.undo_id &&
                undo.mutate({ session_id: sessionId, undo_id: cleared.undo_id })
              }
            >
              Undo
            </Button>
          )}
        </StatusNote>
      )}
    </div>
  );
}
