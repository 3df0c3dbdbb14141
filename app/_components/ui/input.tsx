// Form primitives: labelled text input, select, textarea, checkbox, file; visible focus rings.
import {
  useId,
  type InputHTMLAttributes,
  type Ref,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';

/** Class names of text inputs, selects and textareas. */
export const INPUT_CLASSES =
  'block w-full min-w-0 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-500/40 disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-500 dark:disabled:bg-slate-900';

const LABEL_CLASSES = 'mb-1 block text-xs font-medium text-slate-700 dark:text-slate-300';
const HINT_CLASSES = 'mt-1 text-xs text-slate-500 dark:text-slate-400';

/** Props shared by labelled controls. */
interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={id} className={HINT_CLASSES}>
      {hint}
    </p>
  ) : null;
}

/** A label above the control `children` renders with the given id and `aria-describedby`. */
function Labelled({
  label,
  hint,
  className = '',
  children,
}: FieldProps & { children(id: string, describedBy: string | undefined): ReactNode }) {
  const id = useId();
  return (
    <div className={`min-w-0 ${className}`}>
      <label htmlFor={id} className={LABEL_CLASSES}>
        {label}
      </label>
      {children(id, hint ? `${id}-hint` : undefined)}
      <Hint id={`${id}-hint`} hint={hint} />
    </div>
  );
}

/**
 * A labelled text input; `mono` for topics, payloads and addresses. Leave secrets uncontrolled
 * (`inputRef`, no `value`): React mirrors a controlled value into the DOM attribute.
 */
export function TextField({
  label,
  hint,
  className,
  mono = false,
  inputRef,
  ...rest
}: FieldProps & {
  mono?: boolean;
  inputRef?: Ref<HTMLInputElement>;
} & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Labelled label={label} hint={hint} className={className}>
      {(id, describedBy) => (
        <input
          id={id}
          ref={inputRef}
          aria-describedby={describedBy}
          className={`${INPUT_CLASSES} ${mono ? 'font-mono' : ''}`}
          {...rest}
        />
      )}
    </Labelled>
  );
}

/** Option elements of a select: plain strings, or values with their labels. */
export function Options({
  items,
}: {
  items: readonly (string | { value: string; label: ReactNode })[];
}) {
  return items.map((item) => {
    const { value, label } = typeof item === 'string' ? { value: item, label: item } : item;
    return (
      <option key={value} value={value}>
        {label}
      </option>
    );
  });
}

/** A labelled select. */
export function SelectField({
  label,
  hint,
  className,
  ...rest
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Labelled label={label} hint={hint} className={className}>
      {(id, describedBy) => (
        <select id={id} aria-describedby={describedBy} className={INPUT_CLASSES} {...rest} />
      )}
    </Labelled>
  );
}

/** A labelled multi-line text input (monospace). */
export function TextAreaField({
  label,
  hint,
  className,
  ...rest
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Labelled label={label} hint={hint} className={className}>
      {(id, describedBy) => (
        <textarea
          id={id}
          aria-describedby={describedBy}
          className={`${INPUT_CLASSES} font-mono`}
          {...rest}
        />
      )}
    </Labelled>
  );
}

/** A checkbox with its label on the right. */
export function CheckboxField({
  label,
  hint,
  className = '',
  ...rest
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const id = useId();
  return (
    <div className={`min-w-0 ${className}`}>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          aria-describedby={hint ? `${id}-hint` : undefined}
          className="size-4 rounded border-slate-300 accent-sky-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-slate-600"
          {...rest}
        />
        <label htmlFor={id} className="text-sm text-slate-700 dark:text-slate-300">
          {label}
        </label>
      </div>
      <Hint id={`${id}-hint`} hint={hint} />
    </div>
  );
}

/** A labelled file input whose content is read as text in the browser (PEM files). */
export function TextFileField({
  label,
  hint,
  className,
  loaded,
  onText,
  accept = '.pem,.crt,.cer,.key,.txt',
}: FieldProps & {
  /** Shown when a file (or a saved value) is present, e.g. the file name. */
  loaded?: ReactNode;
  onText(text: string | undefined, name: string | undefined): void;
  accept?: string;
}) {
  return (
    <Labelled
      label={label}
      hint={loaded ?? hint ?? 'PEM file, read in this browser'}
      className={className}
    >
      {(id, describedBy) => (
        <input
          id={id}
          type="file"
          accept={accept}
          aria-describedby={describedBy}
          className="block w-full text-xs text-slate-600 file:mr-2 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2 file:py-1 file:text-xs file:font-medium file:text-slate-800 hover:file:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-slate-400 dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) {
              onText(undefined, undefined);
              return;
            }
            void file.text().then((text) => onText(text, file.name));
          }}
        />
      )}
    </Labelled>
  );
}
