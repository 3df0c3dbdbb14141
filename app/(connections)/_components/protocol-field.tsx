// The protocol select of the connect and profile forms: the form's own first choice, then MQTT 5 and 3.1.1.
import type { SelectHTMLAttributes } from 'react';
import { Options, SelectField } from '../../_components/ui/input';

/** A "Protocol" select offering `first` (auto, or unset), MQTT 5 and MQTT 3.1.1. */
export function ProtocolField({
  first,
  ...select
}: { first: { value: string; label: string } } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <SelectField label="Protocol" {...select}>
      <Options
        items={[first, { value: '5', label: 'MQTT 5' }, { value: '4', label: 'MQTT 3.1.1' }]}
      />
    </SelectField>
  );
}
