'use client';
// Editor of MQTT 5 user properties: key/value rows that can be added and removed.
import { Button } from '../../_components/ui/button';
import { bindValues, type SetValue } from '../../_components/ui/form-values';
import { TextField } from '../../_components/ui/input';

/** One user property row. */
export interface UserPropertyRow {
  key: string;
  value: string;
}

/** Rows as the publish tool takes them: repeated keys become arrays, empty keys are skipped. */
export function toUserProperties(
  rows: readonly UserPropertyRow[],
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const { key, value } of rows) {
    if (key.trim() === '') continue;
    const k = key.trim();
    const existing = out[k];
    if (existing === undefined) out[k] = value;
    else out[k] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/** Key/value rows with add and remove buttons. */
export function UserPropertiesEditor({
  rows,
  onChange,
  disabled,
}: {
  rows: readonly UserPropertyRow[];
  onChange(rows: UserPropertyRow[]): void;
  disabled?: boolean;
}) {
  const set =
    (i: number): SetValue<UserPropertyRow> =>
    (key, value) =>
      onChange(rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  return (
    <fieldset className="space-y-2 sm:col-span-2" disabled={disabled}>
      <legend className="mb-1 text-xs font-medium text-slate-700 dark:text-slate-300">
        User properties
      </legend>
      {rows.map((r, i) => {
        const { text } = bindValues(r, set(i));
        return (
          <div key={i} className="flex items-end gap-2">
            <TextField className="flex-1" label={`Property ${i + 1} key`} mono {...text('key')} />
            <TextField
              className="flex-1"
              label={`Property ${i + 1} value`}
              mono
              {...text('value')}
            />
            <Button
              size="sm"
              variant="ghost"
              className="mb-1"
              aria-label={`Remove property ${i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              ✕
            </Button>
          </div>
        );
      })}
      <Button size="sm" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        Add user property
      </Button>
    </fieldset>
  );
}
