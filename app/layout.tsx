// Root layout: fonts-free shell, dark mode, navigation and the tRPC provider.
import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';
import { TRPCReactProvider } from './_trpc/client';
import { Nav } from './_components/nav';
import type { NonceHeader } from '@/server/trpc/routers/_app';

/** The request header in which proxy.ts hands this page its CSP nonce. */
const NONCE_HEADER: NonceHeader = 'x-nonce';

export const metadata: Metadata = {
  title: 'mqtt-mcp console',
  description:
    'See and steer what happens on your MQTT brokers, and what your AI assistant does there.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's CSP nonce (set by proxy.ts): reading it also renders every page per request.
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script
          nonce={nonce}
          dangerouslySetInnerHTML={{
            __html:
              "try{var t=localStorage.getItem('theme');if(t==='dark'||(!t&&matchMedia('(prefers-color-scheme: dark)').matches))document.documentElement.classList.add('dark')}catch(e){}",
          }}
        />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <TRPCReactProvider>
          <div className="flex min-h-screen flex-col md:flex-row">
            <Nav />
            <main className="min-w-0 flex-1 p-4 md:p-6">{children}</main>
          </div>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
