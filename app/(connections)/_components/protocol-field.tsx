// The protocol select of the connect and profile forms: the form's own first choice, then MQTT 5 and 3.1.1.
import type { SelectHTMLAttributes } from 'react';
import { Options, SelectField } from '../../_components/ui/input';

/** The first choice: negotiate when connecting (`auto`), or leave it to the connect form (`ask`). */
const FIRST = {
  auto: { value: 'auto', label: 'Auto (5, else 3.1.1)' },
  ask: { value: '', label: 'Choose when connecting' },
};

/** A "Protocol" select offering the `first` choice, MQTT 5 and MQTT 3.1.1. */
export function ProtocolField({
  first,
  ...select
}: { first: keyof typeof FIRST } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <SelectField label="Protocol" {...select}>
      <Options
        items={[FIRST[first], { value: '5', label: 'MQTT 5' }, { value: '4', label: 'MQTT 3.1.1' }]}
      />
    </SelectField>
  );
}
