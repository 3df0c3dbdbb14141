// The connection string input of the connect and profile forms: monospace, never spell-checked or autofilled.
import type { ComponentProps } from 'react';
import { TextField } from '../../_components/ui/input';

/**
 * A connection string field. Leave it uncontrolled (`inputRef`): the string may hold a password,
 * which must not reach the DOM attribute.
 */
export function ConnectionStringField(props: ComponentProps<typeof TextField>) {
  return <TextField mono spellCheck={false} autoComplete="off" {...props} />;
}
