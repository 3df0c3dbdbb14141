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

/** The props of a field's control: all but the field's own, with the control's id and hint link. */
type ControlProps<P> = Omit<P, keyof FieldProps> & { id: string; 'aria-describedby'?: string };

/** A label above the control `render` draws from `field`'s other props, then the hint. */
function Labelled<P extends FieldProps>({
  field: { label, hint, className = '', ...rest },
  render,
}: {
  field: P;
  render(control: ControlProps<P>): ReactNode;
}) {
  const id = useId();
  const control = { id, 'aria-describedby': hint ? `${id}-hint` : undefined, ...rest };
  return (
    <div className={`min-w-0 ${className}`}>
      <label htmlFor={id} className={LABEL_CLASSES}>
        {label}
      </label>
      {render(control)}
      <Hint id={`${id}-hint`} hint={hint} />
    </div>
  );
}

/**
 * A labelled text input; `mono` for topics, payloads and addresses. Leave secrets uncontrolled
 * (`inputRef`, no `value`): React mirrors a controlled value into the DOM attribute.
 */
export function TextField({
  mono = false,
  inputRef,
  ...field
}: FieldProps & {
  mono?: boolean;
  inputRef?: Ref<HTMLInputElement>;
} & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Labelled
      field={field}
      render={(control) => (
        <input
          ref={inputRef}
          className={`${INPUT_CLASSES} ${mono ? 'font-mono' : ''}`}
          {...control}
        />
      )}
    />
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
export function SelectField(field: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Labelled
      field={field}
      render={(control) => <select className={INPUT_CLASSES} {...control} />}
    />
  );
}

/** A labelled multi-line text input (monospace). */
export function TextAreaField(field: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Labelled
      field={field}
      render={(control) => <textarea className={`${INPUT_CLASSES} font-mono`} {...control} />}
    />
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
  hint,
  loaded,
  onText,
  accept = '.pem,.crt,.cer,.key,.txt',
  ...field
}: FieldProps & {
  /** Shown when a file (or a saved value) is present, e.g. the file name. */
  loaded?: ReactNode;
  onText(text: string | undefined, name: string | undefined): void;
  accept?: string;
}) {
  return (
    <Labelled
      field={{ ...field, hint: loaded ?? hint ?? 'PEM file, read in this browser' }}
      render={(control) => (
        <input
          type="file"
          accept={accept}
          className="block w-full text-xs text-slate-600 file:mr-2 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2 file:py-1 file:text-xs file:font-medium file:text-slate-800 hover:file:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-slate-400 dark:file:border-slate-700 dark:file:bg-slate-900 dark:file:text-slate-100"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) {
              onText(undefined, undefined);
              return;
            }
            void file.text().then((text) => onText(text, file.name));
          }}
          {...control}
        />
      )}
    />
  );
}
