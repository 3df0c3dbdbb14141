'use client';
// MCP setup page: the access token and copy-paste client configurations generated for this host.
import { useQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { useTRPC } from '../_trpc/client';
import { SetupSnippet } from './_components/snippet';
import {
  DEFAULT_CONTAINER,
  DEFAULT_SERVER_NAME,
  DEFAULT_SSH_TARGET,
  mcpEndpoint,
  clientOrder,
  setupSnippets,
} from './_components/snippets';
import { SetupToken, TOKEN_MASK } from './_components/token';
import { Card } from '../_components/ui/card';
import { CopyButton } from '../_components/ui/copy-button';
import { useFormValues } from '../_components/ui/form-values';
import { TextField } from '../_components/ui/input';
import { Loading, PageHeader } from '../_components/ui/page';

const noSubscribe = () => () => undefined;

/** The host's text fields besides the hub URL: state key, label, hint. */
const HOST_FIELDS = [
  ['sshTarget', 'SSH target', 'user@host of the machine running the container.'],
  ['container', 'Container', 'docker ps shows it; on Umbrel usually mqtt-mcp_app_1.'],
  ['name', 'Server name', 'The name the client lists the server under.'],
] as const;

/** Addresses and names: monospace, no spell check, no autofill. */
const HOST_INPUT = { mono: true, spellCheck: false, autoComplete: 'off' } as const;

/** The MCP setup page. */
export default function SetupPage() {
  const trpc = useTRPC();
  const setup = useQuery(trpc.system.mcpSetup.queryOptions());
  const origin = useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => '',
  );
  const [hubUrl, setHubUrl] = useState<string>();
  const { values: host, text } = useFormValues({
    sshTarget: DEFAULT_SSH_TARGET,
    container: DEFAULT_CONTAINER,
    name: DEFAULT_SERVER_NAME,
  });
  const [revealed, setRevealed] = useState(false);

  const url = hubUrl ?? origin;
  // Through an authenticating proxy the token is not sent: snippets then show a placeholder.
  const token = setup.data ? (setup.data.token ?? '<token>') : '';
  const params = {
    hubUrl: url,
    ...host,
    socketPath: setup.data?.socket_path ?? undefined,
    place: setup.data?.install.kind,
    binPath: setup.data?.install.bin ?? undefined,
  };
  const shown = setupSnippets({ ...params, token: revealed ? token : TOKEN_MASK });
  const real = setupSnippets({ ...params, token });
  const loopback = /^https?:\/\/(localhost|127\.|\[::1\])/.test(url);

  return (
    <div className="space-y-6">
      <PageHeader title="MCP setup">
        Connect Claude Desktop, Claude Code, Cursor or any MCP client to this server, over stdio (
        <code className="font-mono text-xs">docker exec -i</code> over SSH) or Streamable HTTP.
      </PageHeader>

      {setup.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Could not load the setup: {setup.error.message}
        </p>
      ) : !setup.data ? (
        <Loading />
      ) : (
        <SetupToken
          token={token}
          hint={setup.data.token_hint}
          revealed={revealed}
          onReveal={setRevealed}
          version={setup.data.version}
          readOnly={setup.data.read_only}
        />
      )}

      <Card title="This host">
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
          <TextField
            label="Hub URL"
            value={url}
            onChange={(e) => setHubUrl(e.target.value)}
            hint="As the assistant's machine reaches this console; taken from this page's address."
            {...HOST_INPUT}
          />
          {HOST_FIELDS.map(([key, label, hint]) => (
            <TextField key={key} label={label} hint={hint} {...text(key)} {...HOST_INPUT} />
          ))}
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600 dark:text-slate-300">Streamable HTTP endpoint:</span>
          <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
            {mcpEndpoint(url)}
          </code>
          <CopyButton text={mcpEndpoint(url)} label="Copy URL" />
        </div>
        {loopback && (
          <p className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
            This address only works on this machine. For an assistant on another computer, put the
            host&apos;s LAN name or IP in Hub URL (e.g. http://umbrel.local:
            {setup.data?.port ?? 8091}).
          </p>
        )}
      </Card>

      {clientOrder(params.place).map((client) => (
        <section key={client} aria-label={client} className="space-y-3">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
            {client}
          </h2>
          <div className="grid gap-4 xl:grid-cols-2">
            {shown
              .filter((s) => s.client === client)
              .map((s) => (
                <SetupSnippet
                  key={s.id}
                  snippet={s}
                  copy={real.find((r) => r.id === s.id)?.text ?? s.text}
                />
              ))}
          </div>
        </section>
      ))}
    </div>
  );
}
