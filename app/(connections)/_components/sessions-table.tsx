'use client';
// Sessions of every caller: live state, counters, expiry (refreshed every 2 s), close with confirmation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '../../_trpc/client';
import { ErrorAlert } from '../../_components/ui/alert';
import { Badge, toneOf } from '../../_components/ui/badge';
import { Button, buttonClasses } from '../../_components/ui/button';
import { formatBytes, formatNumber } from '../../_components/ui/format';
import { headerCell } from '../../_components/ui/table';
import type { SessionSummary } from '../../_trpc/types';

/** Time until an ISO instant as `in 59 min`, `in 40 s` or `expired`. */
export function formatExpiry(iso: string, nowMs = Date.now()): string {
  const s = Math.round((new Date(iso).getTime() - nowMs) / 1000);
  if (s <= 0) return 'expired';
  if (s < 90) return `in ${s} s`;
  if (s < 90 * 60) return `in ${Math.round(s / 60)} min`;
  return `in ${Math.round(s / 3600)} h`;
}

const Th = headerCell('px-3 py-2 text-left text-xs font-medium text-slate-500 dark:text-slate-400');
const TD = 'px-3 py-2 align-top';

function SessionRow({
  s,
  onClose,
  closing,
}: {
  s: SessionSummary;
  onClose(): void;
  closing: boolean;
}) {
  const version = s.protocol_version === 5 ? 'MQTT 5' : 'MQTT 3.1.1';
  const [confirming, setConfirming] = useState(false);
  return (
    <tr className="border-t border-slate-100 dark:border-slate-800">
      <td className={`${TD} hidden sm:table-cell`}>
        <Badge tone={toneOf(s.state)}>{s.state}</Badge>
      </td>
      <td className={`${TD} min-w-0 max-w-[16rem]`}>
        <Badge tone={toneOf(s.state)} className="mb-1 sm:hidden">
          {s.state}
        </Badge>
        <div className="truncate font-mono text-xs" title={s.broker}>
          {s.broker}
        </div>
        <div className="truncate text-xs text-slate-500 dark:text-slate-400" title={s.client_id}>
          {s.profile ? `${s.profile} · ` : ''}
          {version} · {s.client_id}
        </div>
        {s.last_error && (
          <div className="truncate text-xs text-red-700 dark:text-red-400" title={s.last_error}>
            {s.last_error}
          </div>
        )}
        <div className="text-xs text-slate-500 md:hidden dark:text-slate-400">
          {s.opened_by} · expires {formatExpiry(s.expires_at)}
          <span className="sm:hidden"> · {formatNumber(s.messages_received)} received</span>
        </div>
      </td>
      <td className={`${TD} hidden text-xs md:table-cell`}>{s.opened_by}</td>
      <td className={`${TD} hidden text-right text-xs tabular-nums sm:table-cell`}>
        <div>{formatNumber(s.messages_received)}</div>
        <div className="text-slate-500 dark:text-slate-400">{formatBytes(s.bytes_received)}</div>
      </td>
      <td className={`${TD} hidden text-right text-xs tabular-nums md:table-cell`}>
        <div>{formatNumber(s.messages_sent)}</div>
        <div className="text-slate-500 dark:text-slate-400">{formatBytes(s.bytes_sent)}</div>
      </td>
      <td className={`${TD} hidden text-right text-xs tabular-nums lg:table-cell`}>
        <div>{formatNumber(s.topics_seen)} topics</div>
        <div className="text-slate-500 dark:text-slate-400">{s.reconnects} reconnects</div>
      </td>
      <td className={`${TD} hidden text-xs whitespace-nowrap md:table-cell`}>
        <span title={s.expires_at}>{formatExpiry(s.expires_at)}</span>
      </td>
      <td className={`${TD} text-right`}>
        <div className="flex flex-col items-end gap-1 sm:flex-row sm:justify-end">
          <Link
            href={`/explorer?session=${encodeURIComponent(s.session_id)}`}
            className={buttonClasses('secondary', 'sm')}
            aria-label={`Explore session ${s.broker}`}
          >
            Explore
          </Link>
          {confirming ? (
            <span role="group" aria-label={`Confirm closing ${s.broker}`} className="flex gap-1">
              <Button
                variant="danger"
                size="sm"
                autoFocus
                onClick={() => {
                  setConfirming(false);
                  onClose();
                }}
                disabled={closing}
              >
                Close session
              </Button>
              <Button size="sm" onClick={() => setConfirming(false)}>
                Keep
              </Button>
            </span>
          ) : (
            <Button
              variant="danger"
              size="sm"
              onClick={() => setConfirming(true)}
              disabled={closing}
              aria-label={`Close session ${s.broker}`}
            >
              Close
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}

/** The table of live sessions. */
export function SessionsTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery({ ...trpc.sessions.list.queryOptions(), refetchInterval: 2000 });
  const close = useMutation(
    trpc.sessions.close.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.sessions.list.queryKey() }),
    }),
  );
  const rows = sessions.data ?? [];
  return (
    <div className="space-y-2">
      <ErrorAlert message={sessions.error?.message ?? close.error?.message} />
      <div className="relative overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Open sessions of every caller</caption>
          <thead>
            <tr>
              <Th className="hidden sm:table-cell">State</Th>
              <Th>Broker</Th>
              <Th className="hidden md:table-cell">Opened by</Th>
              <Th className="hidden text-right sm:table-cell">Received</Th>
              <Th className="hidden text-right md:table-cell">Sent</Th>
              <Th className="hidden text-right lg:table-cell">Seen</Th>
              <Th className="hidden md:table-cell">Expires</Th>
              <Th className="text-right">
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <SessionRow
                key={s.session_id}
                s={s}
                closing={close.isPending && close.variables?.session_id === s.session_id}
                onClose={() => close.mutate({ session_id: s.session_id })}
              />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 && !sessions.isPending && (
        <p className="px-3 py-6 text-center text-sm text-slate-500 dark:text-slate-400">
          No open session. Connect above, or start the demo broker.
        </p>
      )}
    </div>
  );
}
