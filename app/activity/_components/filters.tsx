'use client';
// Activity filter bar: tool, caller, status, an id prefix and a time window.
import { Button } from '../../_components/ui/button';
import { SelectField, TextField } from '../../_components/ui/input';
import { NO_FILTER, type ActivityFilterState } from './filter-state';

/** Callers the hub records. */
export const CALLERS = ['console', 'mcp-http', 'mcp-stdio-bridge', 'mcp-stdio'] as const;

/** The filter bar of the Activity page. */
export function ActivityFilters({
  value,
  onChange,
  tools,
  sessions,
}: {
  value: ActivityFilterState;
  onChange: (next: ActivityFilterState) => void;
  tools: readonly string[];
  sessions: readonly string[];
}) {
  const set = <K extends keyof ActivityFilterState>(key: K, v: ActivityFilterState[K]) =>
    onChange({ ...value, [key]: v });
  const active = Object.values(value).some(Boolean);
  return (
    <form
      role="search"
      aria-label="Filter the journal"
      onSubmit={(e) => e.preventDefault()}
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[repeat(6,minmax(0,1fr))_auto] lg:items-end"
    >
      <SelectField label="Tool" value={value.tool} onChange={(e) => set('tool', e.target.value)}>
        <option value="">All tools</option>
        {tools.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Caller"
        value={value.caller}
        onChange={(e) => set('caller', e.target.value)}
      >
        <option value="">All callers</option>
        {CALLERS.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Status"
        value={value.status}
        onChange={(e) => set('status', e.target.value as ActivityFilterState['status'])}
      >
        <option value="">Any status</option>
        <option value="ok">ok</option>
        <option value="error">error</option>
        <option value="cancelled">cancelled</option>
      </SelectField>
      <div className="min-w-0">
        <TextField
          label="Call or session id"
          mono
          list="f-session-list"
          placeholder="any prefix"
          autoComplete="off"
          spellCheck={false}
          value={value.id}
          onChange={(e) => set('id', e.target.value)}
        />
        <datalist id="f-session-list">
          {sessions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </div>
      <TextField
        label="From"
        type="datetime-local"
        step={1}
        value={value.from}
        onChange={(e) => set('from', e.target.value)}
      />
      <TextField
        label="To"
        type="datetime-local"
        step={1}
        value={value.to}
        onChange={(e) => set('to', e.target.value)}
      />
      <div className="col-span-2 flex items-end sm:col-span-3 lg:col-span-1">
        <Button disabled={!active} onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </Button>
      </div>
    </form>
  );
}
