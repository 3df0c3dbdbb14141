'use client';
// The demo broker one click away: start the built-in broker and connect to it (reusing an open session).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '../../_trpc/client';
import { ErrorAlert, StatusNote } from '../../_components/ui/alert';
import { Button } from '../../_components/ui/button';

/** Starts the demo broker and connects to it; offers to stop it when running. */
export function DemoBrokerButton() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.system.demoStatus.queryOptions());
  const connect = useMutation(trpc.system.connectDemo.mutationOptions());
  const stop = useMutation(trpc.system.stopDemo.mutationOptions());
  const running = status.data?.running === true;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.system.demoStatus.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() });
  };

  const onConnect = () => {
    stop.reset();
    connect.mutate(undefined, { onSettled: refresh });
  };

  const onStop = () => {
    connect.reset();
    stop.mutate(undefined, { onSettled: refresh });
  };

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" onClick={onConnect} disabled={connect.isPending}>
          {connect.isPending
            ? 'Connecting…'
            : running
              ? 'Connect to the demo broker'
              : 'Start demo broker'}
        </Button>
        {running && (
          <Button variant="ghost" size="sm" onClick={onStop} disabled={stop.isPending}>
            Stop demo broker
          </Button>
        )}
      </div>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        A built-in broker on loopback with simulated devices: sensors, a device that goes offline,
        binary and error topics. While it runs, assistants connect to it when they give no address.
      </p>
      <ErrorAlert message={connect.error?.message ?? stop.error?.message} />
      {connect.data && !connect.isPending && (
        <StatusNote>
          Demo broker running at <span className="font-mono">{connect.data.broker}</span>;{' '}
          {connect.data.reused ? 'already connected' : 'connected'}.{' '}
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
