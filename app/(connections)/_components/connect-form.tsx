'use client';
// Connect form: connection string or saved profile, protocol, credentials, advanced (client, TLS); a pending connect can be cancelled.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRef, useState, type FormEvent } from 'react';
import { useTRPC, useTRPCClient } from '../../_trpc/client';
import type { ToolInputs } from '../../_trpc/types';
import { withCredentials } from './credentials';
import { ConnectionStringField } from './connection-string-field';
import { ProtocolField } from './protocol-field';
import { ErrorAlert, StatusNote } from '../../_components/ui/alert';
import { Button } from '../../_components/ui/button';
import { useFormValues } from '../../_components/ui/form-values';
import {
  CheckboxField,
  Options,
  SelectField,
  TextField,
  TextFileField,
} from '../../_components/ui/input';

interface TlsFile {
  text: string;
  name: string;
}

interface ConnectValues {
  profile: string;
  username: string;
  version: 'auto' | '4' | '5';
  clientId: string;
  keepalive: string;
  timeout: string;
  clean: boolean;
  rejectUnauthorized: boolean;
}

const INITIAL: ConnectValues = {
  profile: '',
  username: '',
  version: 'auto',
  clientId: '',
  keepalive: '60',
  timeout: '',
  clean: true,
  rejectUnauthorized: true,
};

/** Arguments of mqtt_establish_connection. */
type EstablishArgs = ToolInputs['mqtt_establish_connection'];

function toArgs(
  v: ConnectValues,
  connection: string,
  password: string,
  tls: Partial<Record<'ca' | 'cert' | 'key', TlsFile>>,
): EstablishArgs {
  const args: EstablishArgs = {
    protocol_version: v.version === 'auto' ? 'auto' : (Number(v.version) as 4 | 5),
    clean: v.clean,
    reject_unauthorized: v.rejectUnauthorized,
  };
  if (v.profile) args.profile = v.profile;
  else args.connection_string = withCredentials(connection, v.username, password);
  if (v.clientId.trim()) args.client_id = v.clientId.trim();
  if (v.keepalive.trim()) args.keepalive_seconds = Number(v.keepalive);
  if (v.timeout.trim()) args.connect_timeout_seconds = Number(v.timeout);
  if (tls.ca) args.tls_ca = tls.ca.text;
  if (tls.cert) args.tls_cert = tls.cert.text;
  if (tls.key) args.tls_key = tls.key.text;
  return args;
}

/** The connect form; a successful connect refreshes the sessions table. */
export function ConnectForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const profiles = useQuery(trpc.profiles.list.queryOptions());
  const client = useTRPCClient();
  const pending = useRef<AbortController | null>(null);
  const [cancelled, setCancelled] = useState(false);
  // Cancel aborts the request; the server aborts the connect and journals the call as cancelled.
  const connect = useMutation({
    mutationFn: (args: EstablishArgs) => {
      pending.current = new AbortController();
      return client.tools.invoke.mqtt_establish_connection.mutate(args, {
        signal: pending.current.signal,
      });
    },
    onSettled: () => {
      pending.current = null;
    },
  });
  const { values, text, check } = useFormValues<ConnectValues>(INITIAL);
  // Uncontrolled: a connection string may hold a password, which must not reach the DOM attribute.
  const connection = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const [tls, setTls] = useState<Partial<Record<'ca' | 'cert' | 'key', TlsFile>>>({});
  const setFile = (which: 'ca' | 'cert' | 'key') => (text?: string, name?: string) =>
    setTls((t) => ({ ...t, [which]: text !== undefined && name ? { text, name } : undefined }));
  const usingProfile = values.profile !== '';

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setCancelled(false);
    connect.mutate(
      toArgs(values, connection.current?.value ?? '', password.current?.value ?? '', tls),
      {
        onSuccess: () => {
          if (password.current) password.current.value = '';
          void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label="Connect to a broker" className="space-y-3" noValidate>
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
        <SelectField label="Saved profile" {...text('profile')}>
          <option value="">None: use the connection string</option>
          <Options items={(profiles.data ?? []).map((p) => p.name)} />
        </SelectField>
        <ProtocolField first="auto" {...text('version')} />
      </div>
      <ConnectionStringField
        label="Connection string"
        placeholder="mqtt://broker.local:1883"
        inputRef={connection}
        disabled={usingProfile}
        hint="mqtt://, mqtts://, ws:// or wss://[user:pass@]host[:port][/client_id]"
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="User name"
          autoComplete="off"
          disabled={usingProfile}
          {...text('username')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          inputRef={password}
          disabled={usingProfile}
        />
      </div>
      <details className="group rounded-md border border-slate-200 dark:border-slate-800">
        <summary className="cursor-pointer select-none rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-slate-300 dark:hover:bg-slate-800/60">
          Advanced: client, session and TLS
        </summary>
        <div className="grid gap-3 border-t border-slate-200 p-3 sm:grid-cols-3 dark:border-slate-800">
          <TextField label="Client id" mono placeholder="generated" {...text('clientId')} />
          <TextField
            label="Keepalive (s)"
            type="number"
            min={0}
            max={65535}
            {...text('keepalive')}
          />
          <TextField
            label="Connect timeout (s)"
            type="number"
            min={1}
            max={300}
            placeholder="30"
            {...text('timeout')}
          />
          <CheckboxField label="Clean session" {...check('clean')} className="sm:col-span-3" />
          <TextFileField label="CA certificate" loaded={tls.ca?.name} onText={setFile('ca')} />
          <TextFileField
            label="Client certificate"
            loaded={tls.cert?.name}
            onText={setFile('cert')}
          />
          <TextFileField label="Client key" loaded={tls.key?.name} onText={setFile('key')} />
          <CheckboxField
            label="Verify the broker certificate"
            hint="Turn off only for a test broker with a self-signed certificate."
            {...check('rejectUnauthorized')}
            className="sm:col-span-3"
          />
        </div>
      </details>
      {cancelled ? (
        <StatusNote>Connect cancelled.</StatusNote>
      ) : (
        <ErrorAlert message={connect.error?.message} />
      )}
      {connect.data && !connect.isPending && (
        <StatusNote>
          Connected to <span className="font-mono">{connect.data.broker}</span> in{' '}
          {Math.round(connect.data.connected_in_ms)} ms (MQTT{' '}
          {connect.data.protocol_version === 5 ? '5' : '3.1.1'}
          {connect.data.protocol_note ? `: ${connect.data.protocol_note}` : ''}).{' '}
          <Link
            href={`/explorer?session=${encodeURIComponent(connect.data.session_id)}`}
            className="font-medium underline underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
          >
            Open in the explorer
          </Link>
        </StatusNote>
      )}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" disabled={connect.isPending}>
          {connect.isPending ? 'Connecting…' : 'Connect'}
        </Button>
        {connect.isPending && (
          <Button
            onClick={() => {
              setCancelled(true);
              pending.current?.abort();
            }}
          >
            Cancel
          </Button>
        )}
        {usingProfile && (
          <span className="text-xs text-slate-500 dark:text-slate-400">
            Address, credentials and TLS come from the profile (and its protocol, when saved).
          </span>
        )}
      </div>
    </form>
  );
}
