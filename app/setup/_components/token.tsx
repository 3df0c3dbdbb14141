'use client';
// The access token panel of the setup page: hidden by default, revealed on request, copyable.
import { Badge } from '../../_components/ui/badge';
import { Button } from '../../_components/ui/button';
import { Card } from '../../_components/ui/card';
import { CopyButton } from '../../_components/ui/copy-button';

/** What stands in for the token while it is hidden. */
export const TOKEN_MASK = '••••••••••••••••';

/** The token with Reveal and Copy (or, when the server withholds it, where to find it), plus version and mode. */
export function SetupToken({
  token,
  hint,
  revealed,
  onReveal,
  version,
  readOnly,
}: {
  token: string;
  hint: string | null;
  revealed: boolean;
  onReveal: (revealed: boolean) => void;
  version: string;
  readOnly: boolean;
}) {
  return (
    <Card
      title="Access token"
      actions={
        <>
          <Badge>v{version}</Badge>
          <Badge tone={readOnly ? 'amber' : 'slate'}>{readOnly ? 'read-only' : 'read-write'}</Badge>
        </>
      }
    >
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
        MCP clients that connect over Streamable HTTP send it as{' '}
        <code className="font-mono text-xs">Authorization: Bearer …</code>. Clients on this machine
        (loopback) and the stdio bridge inside the container need none. Treat it like a password.
      </p>
      {hint ? (
        <p role="note" className="text-sm text-amber-900 dark:text-amber-100">
          {hint}
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <output
            aria-label="Token"
            className="w-full min-w-0 break-all sm:w-auto sm:flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            {revealed ? token : TOKEN_MASK}
          </output>
          <Button aria-pressed={revealed} onClick={() => onReveal(!revealed)}>
            {revealed ? 'Hide token' : 'Reveal token'}
          </Button>
          <CopyButton size="md" text={token} label="Copy token" />
        </div>
      )}
    </Card>
  );
}
