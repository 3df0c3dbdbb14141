'use client';
// Create or edit a saved broker profile; secrets are write-only (saved or not, never shown).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, type FormEvent } from 'react';
import { useTRPC } from '../../_trpc/client';
import { ConnectionStringField } from './connection-string-field';
import { ProtocolField } from './protocol-field';
import { ErrorAlert } from '../../_components/ui/alert';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { useFormValues } from '../../_components/ui/form-values';
import { CheckboxField, TextField, TextFileField } from '../../_components/ui/input';
import type { ProfileView } from '../../_trpc/types';

interface ProfileValues {
  name: string;
  username: string;
  clearPassword: boolean;
  version: '' | '4' | '5';
  clientId: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  clearTls: boolean;
  rejectUnauthorized: boolean;
}

function initial(p?: ProfileView): ProfileValues {
  return {
    name: p?.name ?? '',
    username: p?.username ?? '',
    clearPassword: false,
    version: p?.protocol_version ? (String(p.protocol_version) as '4' | '5') : '',
    clientId: p?.client_id ?? '',
    clearTls: false,
    rejectUnauthorized: p?.reject_unauthorized ?? true,
  };
}

function toInput(v: ProfileValues, connection: string, password: string, editing: boolean) {
  const secret = (value: string | undefined, clear: boolean) =>
    clear ? '' : value ? value : undefined;
  return {
    name: v.name.trim(),
    connection_string: connection.trim(),
    // An empty field clears a saved value when editing; it is left out when creating.
    username: v.username.trim() || (editing ? '' : undefined),
    password: secret(password, v.clearPassword),
    protocol_version: v.version ? (Number(v.version) as 4 | 5) : undefined,
    client_id: v.clientId.trim() || (editing ? '' : undefined),
    tls_ca: secret(v.tlsCa, v.clearTls),
    tls_cert: secret(v.tlsCert, v.clearTls),
    tls_key: secret(v.tlsKey, v.clearTls),
    reject_unauthorized: v.rejectUnauthorized,
  };
}

/** The profile form; `profile` set means editing it. */
export function ProfileForm({ profile, onDone }: { profile?: ProfileView; onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { values, set, text, check } = useFormValues(() => initial(profile));
  // Uncontrolled: the string may hold a password, which must not reach the DOM attribute.
  const connection = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.profiles.list.queryKey() });
    onDone();
  };
  const create = useMutation(trpc.profiles.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.profiles.update.mutationOptions({ onSuccess: done }));
  const pending = create.isPending || update.isPending;
  const error = create.error?.message ?? update.error?.message;
  const hasTls = Boolean(profile?.tls_ca || profile?.tls_cert || profile?.has_tls_key);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(
      values,
      connection.current?.value ?? '',
      password.current?.value ?? '',
      profile !== undefined,
    );
    if (profile) update.mutate({ id: profile.id, patch: input });
    else create.mutate(input);
  };

  const title = profile ? `Edit profile ${profile.name}` : 'New profile';
  return (
    <form
      onSubmit={onSubmit}
      aria-label={title}
      className="@container space-y-3 rounded-md border border-sky-200 bg-sky-50/40 p-3 dark:border-sky-900 dark:bg-sky-950/20"
      noValidate
    >
      <h3 className="text-sm font-semibold">{title}</h3>
      <div className="grid gap-3 @md:grid-cols-2">
        <TextField label="Profile name" required maxLength={64} {...text('name')} />
        <ProtocolField first="ask" {...text('version')} />
      </div>
      <ConnectionStringField
        label="Profile connection string"
        required
        placeholder="mqtts://broker.example.com:8883"
        defaultValue={profile?.connection_string ?? ''}
        inputRef={connection}
        hint="A password typed here is moved to the encrypted password field."
      />
      <div className="grid gap-3 @md:grid-cols-2">
        <TextField label="Profile user name" autoComplete="off" {...text('username')} />
        <div className="min-w-0">
          <TextField
            label={
              <span className="flex items-center gap-2">
                Profile password
                {profile?.has_password && <Badge tone="green">password saved</Badge>}
              </span>
            }
            type="password"
            autoComplete="new-password"
            placeholder={profile?.has_password ? 'Leave empty to keep the saved one' : ''}
            disabled={values.clearPassword}
            inputRef={password}
          />
          {profile?.has_password && (
            <CheckboxField
              className="mt-1"
              label="Remove the saved password"
              {...check('clearPassword')}
            />
          )}
        </div>
      </div>
      <TextField label="Profile client id" mono placeholder="generated" {...text('clientId')} />
      <fieldset className="grid gap-3 @2xl:grid-cols-3">
        <legend className="mb-1 flex items-center gap-2 text-xs font-medium text-slate-700 dark:text-slate-300">
          TLS
          {hasTls && <Badge tone="green">TLS files saved</Badge>}
          {profile?.has_tls_key && <Badge tone="green">key saved</Badge>}
        </legend>
        <TextFileField
          label="Profile CA certificate"
          loaded={values.tlsCa ? 'Loaded; saved on submit' : undefined}
          onText={(text) => set('tlsCa', text)}
        />
        <TextFileField
          label="Profile client certificate"
          loaded={values.tlsCert ? 'Loaded; saved on submit' : undefined}
          onText={(text) => set('tlsCert', text)}
        />
        <TextFileField
          label="Profile client key"
          loaded={values.tlsKey ? 'Loaded; encrypted on submit' : undefined}
          onText={(text) => set('tlsKey', text)}
        />
        {hasTls && (
          <CheckboxField
            className="@2xl:col-span-3"
            label="Remove the saved TLS files"
            {...check('clearTls')}
          />
        )}
        <CheckboxField
          className="@2xl:col-span-3"
          label="Verify the broker certificate"
          {...check('rejectUnauthorized')}
        />
      </fieldset>
      <ErrorAlert message={error} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : profile ? 'Save changes' : 'Save profile'}
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
