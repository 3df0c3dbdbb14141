'use client';
// Diagnose page: run mqtt_diagnose on a session (live, or over the record with `since`), findings by device.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../_trpc/client';
import { DiagnosisView } from './_components/findings';
import { RunProgress, ToolErrorAlert } from '../_components/tool-run/tool-result';
import { useToolRun } from '../_components/tool-run/use-tool-run';
import { Button } from '../_components/ui/button';
import { Card } from '../_components/ui/card';
import { Options, SelectField, TextField } from '../_components/ui/input';
import { PageHeader } from '../_components/ui/page';

/** Look-back choices: `since` makes mqtt_diagnose read the record (a diagnosis of the recorded past). */
const SINCE_CHOICES = [
  { value: '', label: 'Live: watch from now' },
  { value: '1h', label: 'Recorded: last hour' },
  { value: '24h', label: 'Recorded: last day' },
  { value: '7d', label: 'Recorded: last week' },
];

/** The Diagnose page. */
export default function DiagnosePage() {
  const trpc = useTRPC();
  const sessions = useQuery(trpc.sessions.list.queryOptions(undefined, { refetchInterval: 5000 }));
  const live = (sessions.data ?? []).filter((s) => s.state === 'connected');
  const [chosen, setChosen] = useState('');
  const [pattern, setPattern] = useState('#');
  const [duration, setDuration] = useState('10');
  const [since, setSince] = useState('');
  const { state, run, cancel } = useToolRun();
  const sessionId = chosen || live[0]?.session_id || '';
  const running = state.status === 'running';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!sessionId || running) return;
    const args: Record<string, unknown> = {
      session_id: sessionId,
      topic_pattern: pattern.trim() || '#',
    };
    if (since) args.since = since;
    else args.duration_seconds = Math.min(600, Math.max(1, Number(duration) || 10));
    run('mqtt_diagnose', args);
  };

  return (
    <div className="space-y-4">
      <PageHeader title="Diagnose">
        What is wrong on a broker: offline or flapping devices, stale retained values, frozen
        sensors, message loss, ranked and grouped by device with their evidence.
      </PageHeader>
      <Card as="div">
        <form
          onSubmit={onSubmit}
          aria-label="Diagnose a session"
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto] lg:items-end"
        >
          <SelectField
            label="Session"
            value={sessionId}
            onChange={(e) => setChosen(e.target.value)}
          >
            {live.length === 0 && <option value="">No connected session</option>}
            {live.map((s) => (
              <option key={s.session_id} value={s.session_id}>
                {s.profile ? `${s.profile} · ` : ''}
                {s.broker} · {s.session_id.slice(0, 8)}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Topic filter"
            mono
            spellCheck={false}
            autoComplete="off"
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
          />
          <SelectField label="When" value={since} onChange={(e) => setSince(e.target.value)}>
            <Options items={SINCE_CHOICES} />
          </SelectField>
          {!since && (
            <TextField
              label="Watch for (s)"
              type="number"
              min={1}
              max={600}
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
            />
          )}
          <Button type="submit" variant="primary" disabled={!sessionId || running}>
            Diagnose
          </Button>
        </form>
      </Card>
      {state.status === 'running' && <RunProgress state={state} onCancel={cancel} />}
      {state.status === 'failed' && <ToolErrorAlert code="CONNECTION" message={state.message} />}
      {state.status === 'cancelled' && (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
          Cancelled.
        </p>
      )}
      {state.status === 'done' &&
        (state.result.ok && state.result.tool === 'mqtt_diagnose' ? (
          <Card title="Findings">
            <DiagnosisView data={state.result.data} />
          </Card>
        ) : !state.result.ok ? (
          <ToolErrorAlert code={state.result.code} message={state.result.message} />
        ) : null)}
    </div>
  );
}
