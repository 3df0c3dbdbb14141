// Form state as one object: a setter by key, and the props that bind a control to a key.
import { useState, type ChangeEvent } from 'react';

/** The keys of `T` whose values are strings (a union of string literals counts). */
type TextKeys<T> = { [K in keyof T]-?: T[K] extends string ? K : never }[keyof T];
/** The keys of `T` whose values are booleans. */
type FlagKeys<T> = { [K in keyof T]-?: T[K] extends boolean ? K : never }[keyof T];

/** Sets one key of a form's values. */
export type SetValue<T> = <K extends keyof T>(key: K, value: T[K]) => void;

type TextTarget = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * `text(key)`: `value` / `onChange` of a text input, select or textarea showing `values[key]`;
 * `check(key)`: `checked` / `onChange` of a checkbox. A select's options must be values of its key.
 */
export function bindValues<T>(values: T, set: SetValue<T>) {
  return {
    text: <K extends TextKeys<T>>(key: K) => ({
      value: values[key] as string,
      onChange: (e: ChangeEvent<TextTarget>) => set(key, e.target.value as T[K]),
    }),
    check: <K extends FlagKeys<T>>(key: K) => ({
      checked: values[key] as boolean,
      onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.target.checked as T[K]),
    }),
  };
}

/** A form's values in one state, with `set` and the `text` / `check` binders of `bindValues`. */
export function useFormValues<T extends object>(initial: T | (() => T)) {
  const [values, setValues] = useState(initial);
  const set: SetValue<T> = (key, value) => setValues((v) => ({ ...v, [key]: value }));
  return { values, set, ...bindValues(values, set) };
}
