'use client';
// The dialog a risky publish (retained, or to a command topic) needs: what is retained there now, then go ahead.
import { Button } from '../../_components/ui/button';

/** The confirm token in a CONFIRMATION_REQUIRED error message, if it is one. */
export function confirmTokenOf(message: string | undefined): string | undefined {
  return /^CONFIRMATION_REQUIRED: .*confirm "([^"]+)"/.exec(message ?? '')?.[1];
}

/** Shows the server's question and publishes with its token on "Publish anyway". */
export function PublishConfirm({
  message,
  onConfirm,
  onCancel,
}: {
  message: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const question = message
    .replace(/^CONFIRMATION_REQUIRED: /, '')
    .replace(/; call again with confirm .*$/, '');
  return (
    <div
      role="dialog"
      aria-labelledby="publish-confirm-title"
      className="space-y-2 rounded-md border border-amber-300 p-3 dark:border-amber-800"
    >
      <h3 id="publish-confirm-title" className="text-sm font-semibold">
        Confirm this publish
      </h3>
      <p className="break-all text-sm">{question}.</p>
      <div className="flex gap-2">
        <Button size="sm" variant="danger" onClick={onConfirm}>
          Publish anyway
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
