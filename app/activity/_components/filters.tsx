'use client';
// Activity filter bar: tool, caller, status, an id prefix and a time window.
import { Button } from '../../_components/ui/button';
import { bindValues } from '../../_components/ui/form-values';
import { Options, SelectField, TextField } from '../../_components/ui/input';
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
  const { text } = bindValues(value, (key, v) => onChange({ ...value, [key]: v }));
  const active = Object.values(value).some(Boolean);
  return (
    <form
      role="search"
      aria-label="Filter the journal"
      onSubmit={(e) => e.preventDefault()}
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[repeat(6,minmax(0,1fr))_auto] lg:items-end"
    >
      <SelectField label="Tool" {...text('tool')}>
        <option value="">All tools</option>
        <Options items={tools} />
      </SelectField>
      <SelectField label="Caller" {...text('caller')}>
        <option value="">All callers</option>
        <Options items={CALLERS} />
      </SelectField>
      <SelectField label="Status" {...text('status')}>
        <option value="">Any status</option>
        <Options items={['ok', 'error', 'cancelled']} />
      </SelectField>
      <div className="min-w-0">
        <TextField
          label="Call or session id"
          mono
          list="f-session-list"
          placeholder="any prefix"
          autoComplete="off"
          spellCheck={false}
          {...text('id')}
        />
        <datalist id="f-session-list">
          {sessions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </div>
      <TextField label="From" type="datetime-local" step={1} {...text('from')} />
      <TextField label="To" type="datetime-local" step={1} {...text('to')} />
      <div className="col-span-2 flex items-end sm:col-span-3 lg:col-span-1">
        <Button disabled={!active} onClick={() => onChange(NO_FILTER)}>
          Clear filters
        </Button>
      </div>
    </form>
  );
}
