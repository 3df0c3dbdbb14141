// A labelled monospace topic input (no spell check), controlled by a string state.
import { TextField } from '../../_components/ui/input';

/** A topic text field bound to `value` / `onValue`. */
export function TopicField({
  label,
  placeholder,
  value,
  onValue,
}: {
  label: string;
  placeholder?: string;
  value: string;
  onValue(value: string): void;
}) {
  return (
    <TextField
      label={label}
      mono
      placeholder={placeholder}
      spellCheck={false}
      value={value}
      onChange={(e) => onValue(e.target.value)}
    />
  );
}
