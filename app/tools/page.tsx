'use client';
// Tools page: every registry tool with a form generated from its input schema, a runner with progress and cancel.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTRPC } from '../_trpc/client';
import type { CatalogTool } from '../_trpc/types';
import {
  buildArguments,
  fieldsFromSchema,
  initialValues,
  mcpCall,
  sessionPrefillPaths,
  valuesFromArguments,
  type FieldSpec,
  type FieldValue,
  type FormErrors,
  type FormValues,
} from '../_components/tool-run/schema-form';
import { ToolForm } from '../_components/tool-run/tool-form';
import { RunProgress, ToolResult } from '../_components/tool-run/tool-result';
import { useToolRun } from '../_components/tool-run/use-tool-run';
import { Badge } from '../_components/ui/badge';
import { Button } from '../_components/ui/button';
import { Card } from '../_components/ui/card';
import { CopyButton } from '../_components/ui/copy-button';
import { INPUT_CLASSES } from '../_components/ui/input';
import { Loading, PageHeader } from '../_components/ui/page';

function ToolBadges({ tool }: { tool: CatalogTool }) {
  return (
    <span className="flex flex-wrap gap-1">
      {tool.timed && <Badge tone="sky">timed</Badge>}
      {tool.annotations.readOnlyHint ? (
        <Badge>read-only</Badge>
      ) : tool.annotations.destructiveHint ? (
        <Badge tone="red">destructive</Badge>
      ) : null}
      {tool.writes && <Badge tone="amber">writes</Badge>}
      {!tool.available && <Badge tone="red">unavailable</Badge>}
    </span>
  );
}

function ToolList({ tools, selected }: { tools: readonly CatalogTool[]; selected: string }) {
  return (
    <nav aria-label="Tools" className="hidden md:block">
      <ul className="space-y-0.5">
        {tools.map((t) => {
          const active = t.name === selected;
          return (
            <li key={t.name}>
              <Link
                href={{ pathname: '/tools', query: { tool: t.name } }}
                scroll={false}
                aria-current={active ? 'page' : undefined}
                className={`block rounded-md px-2.5 py-1.5 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
                  active
                    ? 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-100'
                    : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                }`}
              >
                <span className="block text-sm font-medium">{t.title}</span>
                <span className="block truncate font-mono text-[11px] text-slate-600 dark:text-slate-300">
                  {t.name}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function Description({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > 220;
  return (
    <div className="text-sm text-slate-600 dark:text-slate-300">
      <p className={long && !open ? 'line-clamp-2' : undefined}>{text}</p>
      {long && (
        <button
          type="button"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          className="mt-1 rounded text-xs font-medium text-sky-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-sky-300"
        >
          {open ? 'Show less' : 'Show more'}
        </button>
      )}
    </div>
  );
}

function ToolsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const params = useSearchParams();
  const catalog = useQuery(trpc.tools.catalog.queryOptions(undefined, { staleTime: 60_000 }));
  const sessions = useQuery(trpc.sessions.list.queryOptions(undefined, { refetchInterval: 5000 }));
  const tools = catalog.data ?? [];
  const selectedName = params.get('tool') ?? tools[0]?.name ?? '';
  const tool = tools.find((t) => t.name === selectedName);

  const [touched, setTouched] = useState<Record<string, FormValues>>({});
  const [errors, setErrors] = useState<Record<string, FormErrors>>({});
  const [lastSession, setLastSession] = useState<string>();
  const { state, run, cancel } = useToolRun((result) => {
    if (result.ok && result.tool === 'mqtt_establish_connection') {
      setLastSession(result.data.session_id);
    }
    void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
  });

  const fields: FieldSpec[] = useMemo(
    () => (tool ? fieldsFromSchema(tool.input_schema) : []),
    [tool],
  );
  const live = sessions.data ?? [];
  const preferred =
    (lastSession && live.some((s) => s.session_id === lastSession) ? lastSession : undefined) ??
    [...live].reverse().find((s) => s.state === 'connected')?.session_id ??
    '';
  const prefill = params.get('args');
  const values: FormValues = useMemo(() => {
    if (touched[selectedName]) return touched[selectedName];
    if (prefill) {
      try {
        const parsed: unknown = JSON.parse(prefill);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          return valuesFromArguments(fields, parsed as Record<string, unknown>);
        }
      } catch {
        // Not JSON: fall back to the defaults below.
      }
    }
    const init = initialValues(fields);
    for (const path of sessionPrefillPaths(fields)) init[path] = preferred;
    return init;
  }, [touched, selectedName, fields, preferred, prefill]);
  const toolErrors = errors[selectedName] ?? {};
  // A finished run brings its result into view (Run sits below a long form, the result above it).
  const resultBox = useRef<HTMLDivElement>(null);
  const finishedAt = state.status === 'done' || state.status === 'failed' ? state.endedAt : 0;
  useEffect(() => {
    if (finishedAt) resultBox.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [finishedAt]);
  const running = state.status === 'running';
  const shownState =
    state.status !== 'idle' && state.tool === selectedName ? state : { status: 'idle' as const };

  const onChange = (path: string, value: FieldValue) => {
    setTouched((t) => ({ ...t, [selectedName]: { ...values, [path]: value } }));
    setErrors((e) => {
      const { [path]: _drop, ...rest } = e[selectedName] ?? {};
      return { ...e, [selectedName]: rest };
    });
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!tool || running) return;
    const built = buildArguments(fields, values);
    setErrors((all) => ({ ...all, [selectedName]: built.errors }));
    const firstBad = Object.keys(built.errors)[0];
    if (firstBad) {
      const id = `arg-${firstBad.replace(/\./g, '-')}`;
      document.getElementById(id)?.focus();
      return;
    }
    run(tool.name, built.args);
  };

  const pick = (name: string) =>
    router.replace(`/tools?tool=${encodeURIComponent(name)}`, { scroll: false });

  if (catalog.error) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load the tool catalog: {catalog.error.message}
      </p>
    );
  }

  return (
    <div className="grid gap-4 md:grid-cols-[15rem_minmax(0,1fr)] md:gap-6">
      <aside className="min-w-0 space-y-2">
        <div className="md:hidden">
          <label htmlFor="tool-picker" className="mb-1 block text-sm font-medium">
            Tool
          </label>
          <select
            id="tool-picker"
            className={INPUT_CLASSES}
            value={selectedName}
            onChange={(e) => pick(e.target.value)}
          >
            {tools.map((t) => (
              <option key={t.name} value={t.name}>
                {t.title} ({t.name})
              </option>
            ))}
          </select>
        </div>
        <ToolList tools={tools} selected={selectedName} />
      </aside>

      <div className="min-w-0 space-y-4">
        {!tool ? (
          <p className="text-sm text-slate-500">
            {catalog.isPending ? 'Loading tools…' : `No tool named ${selectedName}.`}
          </p>
        ) : (
          <>
            <Card as="div">
              <div className="space-y-2">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <h2 className="text-lg font-semibold">{tool.title}</h2>
                  <code className="font-mono text-xs text-slate-500 dark:text-slate-400">
                    {tool.name}
                  </code>
                  <ToolBadges tool={tool} />
                </div>
                <Description text={tool.description} />
              </div>
            </Card>
            {state.status === 'running' && state.tool === tool.name && (
              <RunProgress state={state} onCancel={cancel} />
            )}
            {shownState.status !== 'idle' && shownState.status !== 'running' && (
              <div ref={resultBox} className="scroll-mt-4">
                <Card as="div">
                  <ToolResult state={shownState} />
                </Card>
              </div>
            )}
            <Card title="Arguments">
              <form
                onSubmit={onSubmit}
                aria-label={`Arguments of ${tool.name}`}
                noValidate
                className="space-y-4"
              >
                <ToolForm
                  fields={fields}
                  values={values}
                  errors={toolErrors}
                  onChange={onChange}
                  sessions={live}
                  disabled={running}
                />
                <div className="flex flex-wrap items-center gap-2 border-t border-slate-200 pt-4 dark:border-slate-800">
                  <Button type="submit" variant="primary" disabled={running || !tool.available}>
                    Run
                  </Button>
                  <CopyButton
                    size="md"
                    label="Copy as MCP call"
                    getText={() => mcpCall(tool.name, buildArguments(fields, values).args)}
                  />
                  <Button
                    variant="ghost"
                    disabled={running}
                    onClick={() => {
                      setTouched(({ [selectedName]: _drop, ...rest }) => rest);
                      setErrors(({ [selectedName]: _gone, ...rest }) => rest);
                    }}
                  >
                    Reset
                  </Button>
                  {!tool.available && (
                    <span className="text-sm text-amber-700 dark:text-amber-300">
                      Not offered: this server runs read-only.
                    </span>
                  )}
                  {running && state.tool !== tool.name && (
                    <span className="text-sm text-slate-500">
                      <code className="font-mono">{state.tool}</code> is running.
                    </span>
                  )}
                </div>
              </form>
            </Card>
          </>
        )}
      </div>
    </div>
  );
}

/** The Tools page. */
export default function ToolsPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Tools">
        Run any MCP tool by hand, with the same schema and behaviour an assistant gets.
      </PageHeader>
      <Suspense fallback={<Loading />}>
        <ToolsView />
      </Suspense>
    </div>
  );
}
