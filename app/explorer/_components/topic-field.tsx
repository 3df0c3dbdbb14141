// Labelled topic and payload inputs of the explorer's forms: monospace, no spell check, string state.
import { TextAreaField, TextField } from '../../_components/ui/input';

/** Props of a field bound to a string state by `value` / `onValue`. */
interface StringFieldProps {
  label: string;
  value: string;
  onValue(value: string): void;
}

/** A topic text field bound to `value` / `onValue`. */
export function TopicField({
  label,
  placeholder,
  required,
  value,
  onValue,
}: StringFieldProps & { placeholder?: string; required?: boolean }) {
  return (
    <TextField
      label={label}
      mono
      placeholder={placeholder}
      required={required}
      spellCheck={false}
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

/** A payload textarea of `rows` lines bound to `value` / `onValue`. */
export function PayloadField({ label, rows, value, onValue }: StringFieldProps & { rows: number }) {
  return (
    <TextAreaField
      label={label}
      rows={rows}
      spellCheck={false}
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}
