'use client';
// Generic tool form: renders the fields of schema-form.ts (text, numbers, selects, lists, fieldsets, sessions).
import type { ChangeEvent, ReactNode } from 'react';
import { Button } from '../ui/button';
import { INPUT_CLASSES, Options } from '../ui/input';
import type { FieldSpec, FieldValue, FormErrors, FormValues } from './schema-form';

/** A live session as the session picker shows it. */
export interface SessionChoice {
  session_id: string;
  broker: string;
  state: string;
  opened_by?: string;
}

interface FieldProps {
  field: FieldSpec;
  values: FormValues;
  errors: FormErrors;
  onChange: (path: string, value: FieldValue) => void;
  sessions: readonly SessionChoice[];
  disabled?: boolean;
  idPrefix: string;
}

const fieldId = (prefix: string, path: string) => `${prefix}-${path.replace(/\./g, '-')}`;

function rangeHint(field: Extract<FieldSpec, { kind: 'number' }>): string | undefined {
  if (field.min !== undefined && field.max !== undefined) return `${field.min}–${field.max}`;
  if (field.min !== undefined) return `≥ ${field.min}`;
  if (field.max !== undefined) return `≤ ${field.max}`;
  return undefined;
}

function FieldFrame({
  field,
  id,
  error,
  children,
  wide,
  inlineLabel,
}: {
  field: FieldSpec;
  id: string;
  error?: string;
  children: ReactNode;
  wide?: boolean;
  inlineLabel?: boolean;
}) {
  const helpId = `${id}-help`;
  return (
    <div className={`min-w-0 ${wide ? 'md:col-span-2' : ''}`}>
      {!inlineLabel && (
        <div className="mb-1 flex flex-wrap items-baseline gap-x-2">
          <span>
            <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
              {field.label}
            </label>
            {field.required && (
              <span className="ml-0.5 text-sm text-red-600 dark:text-red-400" aria-hidden="true">
                *
              </span>
            )}
          </span>
          <code className="text-[11px] text-slate-500 dark:text-slate-400" aria-hidden="true">
            {field.name}
          </code>
        </div>
      )}
      {children}
      {field.description && (
        <p id={helpId} className="mt-1 text-xs leading-snug text-slate-500 dark:text-slate-400">
          {field.description}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700 dark:text-red-400">
          {field.label}: {error}
        </p>
      )}
    </div>
  );
}

function describedBy(field: FieldSpec, id: string, error?: string): string | undefined {
  const ids = [field.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function ListEditor({ field, values, errors, onChange, disabled, idPrefix }: FieldProps) {
  if (field.kind !== 'list') return null;
  const id = fieldId(idPrefix, field.path);
  const items = (values[field.path] as string[] | undefined) ?? [];
  const full = field.maxItems !== undefined && items.length >= field.maxItems;
  const set = (next: string[]) => onChange(field.path, next);
  return (
    <FieldFrame field={field} id={id} error={errors[field.path]} wide>
      <div className="space-y-1.5" role="group" aria-label={field.label}>
        {items.map((item, i) => (
          <div key={i} className="flex gap-1.5">
            <input
              id={i === 0 ? id : undefined}
              aria-label={`${field.label} ${i + 1}`}
              className={`${INPUT_CLASSES} font-mono`}
              value={item}
              maxLength={field.itemMaxLength}
              disabled={disabled}
              onChange={(e) => set(items.map((v, j) => (j === i ? e.target.value : v)))}
            />
            <Button
              size="sm"
              variant="ghost"
              className="h-auto"
              aria-label={`Remove ${field.label} ${i + 1}`}
              disabled={disabled}
              onClick={() => set(items.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </div>
        ))}
        <Button
          size="sm"
          id={items.length === 0 ? id : undefined}
          disabled={disabled || full}
          onClick={() => set([...items, ''])}
          aria-describedby={describedBy(field, id, errors[field.path])}
        >
          Add {field.label.toLowerCase()}
        </Button>
      </div>
    </FieldFrame>
  );
}

function Field(props: FieldProps) {
  const { field, values, errors, onChange, sessions, disabled, idPrefix } = props;
  const id = fieldId(idPrefix, field.path);
  const error = errors[field.path];
  const common = {
    id,
    name: field.path,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(field, id, error),
    'aria-required': field.required || undefined,
  } as const;
  const value = values[field.path];
  const text = typeof value === 'string' ? value : '';
  // Text inputs, selects and textareas show `text` and report what is typed.
  const bound = {
    ...common,
    value: text,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
      onChange(field.path, e.target.value),
  };

  if (field.kind === 'object') {
    const anyFilled = field.fields.some((f) => {
      const v = values[f.path];
      return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v !== '' : v === true;
    });
    return (
      <details
        open={field.required || anyFilled}
        className="group rounded-md border border-slate-200 md:col-span-2 dark:border-slate-800"
      >
        <summary className="cursor-pointer select-none rounded-md px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-slate-200 dark:hover:bg-slate-800/60">
          {field.label}{' '}
          <code className="ml-1 text-[11px] font-normal text-slate-500 dark:text-slate-400">
            {field.name}
          </code>
          {!field.required && (
            <span className="ml-2 text-xs font-normal text-slate-500">optional</span>
          )}
        </summary>
        <fieldset className="grid gap-4 border-t border-slate-200 p-3 md:grid-cols-2 dark:border-slate-800">
          <legend className="sr-only">{field.label}</legend>
          {field.description && (
            <p className="text-xs text-slate-500 md:col-span-2 dark:text-slate-400">
              {field.description}
            </p>
          )}
          {field.fields.map((child) => (
            <Field key={child.path} {...props} field={child} />
          ))}
        </fieldset>
      </details>
    );
  }
  if (field.kind === 'list') return <ListEditor {...props} />;
  const control = () => {
    switch (field.kind) {
      case 'boolean':
        return (
          <div className="flex items-center gap-2 pt-1 md:pt-6">
            <input
              {...common}
              type="checkbox"
              className="h-4 w-4 rounded border-slate-300 text-sky-600 accent-sky-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:ring-offset-2 dark:border-slate-600"
              checked={value === true}
              onChange={(e) => onChange(field.path, e.target.checked)}
            />
            <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
              {field.label}
            </label>
            <code className="text-[11px] text-slate-500 dark:text-slate-400" aria-hidden="true">
              {field.name}
            </code>
          </div>
        );
      case 'select':
        return (
          <select {...bound} className={INPUT_CLASSES}>
            {!field.required && <option value="">— not set —</option>}
            <Options items={field.options.map((o) => ({ value: o.key, label: o.label }))} />
          </select>
        );
      case 'session': {
        const known = sessions.some((s) => s.session_id === text);
        return (
          <select {...bound} className={`${INPUT_CLASSES} font-mono`}>
            <option value="">
              {sessions.length === 0 ? '— no open session —' : '— choose a session —'}
            </option>
            {!known && text && <option value={text}>{text} (not open)</option>}
            {sessions.map((s) => (
              <option key={s.session_id} value={s.session_id}>
                {s.session_id} · {s.broker} · {s.state}
              </option>
            ))}
          </select>
        );
      }
      case 'number':
        return (
          <input
            {...bound}
            type="number"
            inputMode={field.integer ? 'numeric' : 'decimal'}
            className={`${INPUT_CLASSES} tabular-nums`}
            min={field.min}
            max={field.max}
            step={field.step}
            placeholder={rangeHint(field)}
          />
        );
      case 'json':
        return (
          <textarea
            {...bound}
            rows={3}
            spellCheck={false}
            className={`${INPUT_CLASSES} font-mono text-xs`}
            placeholder="JSON, e.g. {}"
          />
        );
      default:
        return field.multiline ? (
          <textarea
            {...bound}
            rows={5}
            spellCheck={false}
            className={`${INPUT_CLASSES} font-mono text-xs`}
            maxLength={field.maxLength}
          />
        ) : (
          <input
            {...bound}
            type="text"
            autoComplete="off"
            spellCheck={false}
            className={`${INPUT_CLASSES} ${/topic|pattern|string|_id$/.test(field.name) ? 'font-mono' : ''}`}
            maxLength={field.maxLength}
          />
        );
    }
  };
  return (
    <FieldFrame
      field={field}
      id={id}
      error={error}
      wide={field.kind === 'json' || (field.kind === 'text' && field.multiline)}
      inlineLabel={field.kind === 'boolean'}
    >
      {control()}
    </FieldFrame>
  );
}

/** The fields of a tool's input schema as form controls; the caller owns values and submission. */
export function ToolForm({
  fields,
  idPrefix = 'arg',
  ...shared
}: Omit<FieldProps, 'field' | 'idPrefix'> & {
  fields: readonly FieldSpec[];
  idPrefix?: string;
}) {
  if (fields.length === 0) {
    return (
      <p className="text-sm text-slate-500 dark:text-slate-400">This tool takes no arguments.</p>
    );
  }
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {fields.map((field) => (
        <Field key={field.path} field={field} idPrefix={idPrefix} {...shared} />
      ))}
    </div>
  );
}
