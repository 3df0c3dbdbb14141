'use client';
// Performance page panel: runs mqtt_monitor_performance on a session (form from its schema) and charts the result.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTRPC } from '../../_trpc/client';
import {
  buildArguments,
  fieldsFromSchema,
  initialValues,
  type FieldValue,
  type FormErrors,
  type FormValues,
} from '../../_components/tool-run/schema-form';
import { ToolForm } from '../../_components/tool-run/tool-form';
import { RunProgress, ToolResult } from '../../_components/tool-run/tool-result';
import { useToolRun } from '../../_components/tool-run/use-tool-run';
import { Button } from '../../_components/ui/button';
import { Card } from '../../_components/ui/card';

const TOOL = 'mqtt_monitor_performance';
const SHOWN = ['session_id', 'topic_pattern', 'duration_seconds', 'include_sys'];

/** A form to measure one session's traffic with mqtt_monitor_performance, and its charts. */
export function MonitorPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalog = useQuery(trpc.tools.catalog.queryOptions());
  const sessions = useQuery(trpc.sessions.list.queryOptions(undefined, { refetchInterval: 5000 }));
  const tool = catalog.data?.find((t) => t.name === TOOL);
  const fields = useMemo(
    () => (tool ? fieldsFromSchema(tool.input_schema).filter((f) => SHOWN.includes(f.name)) : []),
    [tool],
  );
  const [touched, setTouched] = useState<FormValues | null>(null);
  const [errors, setErrors] = useState<FormErrors>({});
  const { state, run, cancel } = useToolRun(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
  });
  const preferred =
    sessions.data?.find((s) => s.state === 'connected')?.session_id ??
    sessions.data?.[0]?.session_id ??
    '';
  const values: FormValues = touched ?? { ...initialValues(fields), session_id: preferred };
  const running = state.status === 'running';

  const onChange = (path: string, value: FieldValue) => {
    setTouched({ ...values, [path]: value });
    setErrors((e) => {
      const { [path]: _drop, ...rest } = e;
      return rest;
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const built = buildArguments(fields, values);
    setErrors(built.errors);
    if (Object.keys(built.errors).length === 0) run(TOOL, built.args);
  };

  return (
    <Card
      title={
        <>
          Measure a session{' '}
          <code className="ml-1 font-mono text-xs font-normal text-slate-500">{TOOL}</code>
        </>
      }
    >
      {!tool ? (
        <p className="text-sm text-slate-500">
          {catalog.error ? catalog.error.message : 'Loading…'}
        </p>
      ) : (
        <div className="space-y-4">
          <form onSubmit={onSubmit} aria-label="Measure a session" className="space-y-4">
            <ToolForm
              fields={fields}
              values={values}
              errors={errors}
              onChange={onChange}
              sessions={sessions.data ?? []}
              disabled={running}
              idPrefix="monitor"
            />
            <div className="flex flex-wrap gap-2">
              <Button type="submit" variant="primary" disabled={running || !tool.available}>
                Measure
              </Button>
              {!tool.available && (
                <p className="text-sm text-amber-700 dark:text-amber-300">
                  Not offered by this server (read-only mode).
                </p>
              )}
            </div>
          </form>
          {state.status === 'running' && <RunProgress state={state} onCancel={cancel} />}
          <ToolResult state={state} />
        </div>
      )}
    </Card>
  );
}
