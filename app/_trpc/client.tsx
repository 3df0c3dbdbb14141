'use client';
// tRPC + TanStack Query on the client: batched HTTP for queries, SSE for subscriptions, the console header on every call.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createTRPCClient,
  httpBatchStreamLink,
  httpSubscriptionLink,
  splitLink,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { EventSource, type FetchLikeInit } from 'eventsource';
import { useState, type ReactNode } from 'react';
import type { AppRouter, ConsoleHeader } from '@/server/trpc/routers/_app';

/** Hooks of the console API. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The header that tells the hub this call comes from the console itself (see server/http/auth.ts). */
const CONSOLE_HEADER: ConsoleHeader = 'x-mqtt-mcp-console';
const CONSOLE_HEADERS = { [CONSOLE_HEADER]: '1' };

/**
 * The browser's EventSource cannot send headers, so subscriptions use the `eventsource` package,
 * which reads the stream over fetch and so can add the console header.
 */
function consoleFetch(url: string | URL, init: FetchLikeInit): Promise<Response> {
  return fetch(url, { ...init, headers: { ...init.headers, ...CONSOLE_HEADERS } });
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: false, retry: 1 } },
  });
}

/** Provides the tRPC client and the query client to the console. */
export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({
            url: '/api/trpc',
            EventSource,
            eventSourceOptions: { fetch: consoleFetch },
          }),
          false: httpBatchStreamLink({ url: '/api/trpc', headers: CONSOLE_HEADERS }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
