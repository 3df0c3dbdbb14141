'use client';
// Saved broker profiles: list with test, edit and delete (confirmed), and a form to create one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '../../_trpc/client';
import { ProfileForm } from './profile-form';
import { ErrorAlert } from '../../_components/ui/alert';
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import type { ProfileView } from '../../_trpc/types';

type TestOutcome =
  { ok: true; connected_in_ms: number } | { ok: false; code: string; message: string };

function TestResult({ outcome }: { outcome: TestOutcome }) {
  return outcome.ok ? (
    <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
      Reachable: connected in {Math.round(outcome.connected_in_ms)} ms.
    </p>
  ) : (
    <p role="alert" className="text-xs break-words text-red-700 dark:text-red-400">
      {outcome.code}: {outcome.message}
    </p>
  );
}

function ProfileItem({ profile, onEdit }: { profile: ProfileView; onEdit(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const test = useMutation(trpc.profiles.test.mutationOptions());
  const remove = useMutation(
    trpc.profiles.remove.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.profiles.list.queryKey() }),
    }),
  );
  const tls = profile.tls_ca || profile.tls_cert || profile.has_tls_key;
  return (
    <li className="space-y-1.5 border-t border-slate-100 py-2.5 first:border-t-0 dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-1.5">
            <span className="font-medium">{profile.name}</span>
            {profile.protocol_version && (
              <Badge>{profile.protocol_version === 5 ? 'MQTT 5' : 'MQTT 3.1.1'}</Badge>
            )}
            {profile.has_password && <Badge tone="green">password saved</Badge>}
            {tls && <Badge tone="sky">TLS</Badge>}
          </div>
          <div className="truncate font-mono text-xs text-slate-500 dark:text-slate-400">
            {profile.username ? `${profile.username} @ ` : ''}
            {profile.connection_string}
          </div>
        </div>
        <div className="flex shrink-0 gap-1">
          <Button
            size="sm"
            onClick={() => test.mutate({ id: profile.id })}
            disabled={test.isPending}
            aria-label={`Test profile ${profile.name}`}
          >
            {test.isPending ? 'Testing…' : 'Test'}
          </Button>
          <Button size="sm" onClick={onEdit} aria-label={`Edit profile ${profile.name}`}>
            Edit
          </Button>
          {confirming ? (
            <>
              <Button
                size="sm"
                variant="danger"
                onClick={() => remove.mutate({ id: profile.id })}
                disabled={remove.isPending}
              >
                Delete {profile.name}?
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button
              size="sm"
              variant="danger"
              onClick={() => setConfirming(true)}
              aria-label={`Delete profile ${profile.name}`}
            >
              Delete
            </Button>
          )}
        </div>
      </div>
      {test.data && <TestResult outcome={test.data} />}
      <ErrorAlert message={test.error?.message ?? remove.error?.message} />
    </li>
  );
}

/** The saved profiles with their actions. */
export function Profiles() {
  const trpc = useTRPC();
  const profiles = useQuery(trpc.profiles.list.queryOptions());
  const [editing, setEditing] = useState<string | 'new' | undefined>();
  const list = profiles.data ?? [];
  const current = list.find((p) => p.id === editing);
  return (
    <div className="space-y-3">
      <ErrorAlert message={profiles.error?.message} />
      {editing === 'new' && <ProfileForm onDone={() => setEditing(undefined)} />}
      {current && (
        <ProfileForm key={current.id} profile={current} onDone={() => setEditing(undefined)} />
      )}
      {list.length > 0 ? (
        <ul className="text-sm">
          {list.map((p) => (
            <ProfileItem key={p.id} profile={p} onEdit={() => setEditing(p.id)} />
          ))}
        </ul>
      ) : (
        !profiles.isPending && (
          <p className="text-sm text-slate-500 dark:text-slate-400">
            No saved profile yet. Profiles keep an address, credentials (encrypted) and TLS files
            under a name that assistants can use too.
          </p>
        )
      )}
      {editing === undefined && (
        <Button size="sm" onClick={() => setEditing('new')}>
          New profile
        </Button>
      )}
    </div>
  );
}
