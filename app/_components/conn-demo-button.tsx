'use client';
// The demo broker one click away: start the built-in broker (MQTT 3.1.1) and connect to it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '../_trpc/client';
import { useToolMutation, type EstablishArgs, type EstablishResult } from './conn-tool-call';
import { ErrorAlert, StatusNote } from './ui-alert';
import { Button } from './ui-button';

/** Starts the demo broker and connects to it; offers to stop it when running. */
export function DemoBrokerButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.system.demoStatus.queryOptions());
  const start = useMutation(trpc.system.startDemo.mutationOptions());
  const stop = useMutation(trpc.system.stopDemo.mutationOptions());
  const connect = useToolMutation<EstablishArgs, EstablishResult>('mqtt_establish_connection');
  const [error, setError] = useState<string>();
  const running = status.data?.running === true;
  const busy = start.isPending || connect.isPending;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.system.demoStatus.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
  };

  const onStart = async () => {
    setError(undefined);
    try {
      const demo = await start.mutateAsync();
      // The demo broker (aedes) speaks MQTT 3.1.1 only.
      await connect.mutateAsync({ connection_string: demo.url, protocol_version: 4 });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      refresh();
    }
  };

  const onStop = () => {
    setError(undefined);
    stop.mutate(undefined, {
      onError: (err) => setError(err.message),
      onSettled: refresh,
    });
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" onClick={() => void onStart()} disabled={busy}>
          {busy ? 'Starting…' : running ? 'Connect to the demo broker' : 'Start demo broker'}
        </Button>
        {running && (
          <Button variant="ghost" size="sm" onClick={onStop} disabled={stop.isPending}>
            Stop demo broker
          </Button>
        )}
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        A built-in broker on loopback with simulated devices: sensors, a device that goes offline,
        binary and error topics.
      </p>
      <ErrorAlert message={error} />
      {connect.data && !busy && (
        <StatusNote>
          Demo broker running at <span className="font-mono">{connect.data.broker}</span>;
          connected.{' '}
          <Link
            href={`/explorer?session=${encodeURIComponent(connect.data.session_id)}`}
            className="font-medium underline underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
          >
            Explore it
          </Link>
        </StatusNote>
      )}
    </div>
  );
}
