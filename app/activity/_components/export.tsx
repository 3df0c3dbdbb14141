'use client';
// Export buttons of the Activity page: the loaded, filtered entries as an NDJSON or CSV download.
import type { JournalRecord } from './export-format';
import { exportFileName, exportMimeType, toCsv, toNdjson } from './export-format';
import { Button } from '../../_components/ui/button';

function download(text: string, ext: 'ndjson' | 'csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: exportMimeType(ext) }));
  const a = document.createElement('a');
  a.href = url;
  a.download = exportFileName(ext);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Buttons downloading the given entries as NDJSON and CSV. */
export function ActivityExport({ entries }: { entries: readonly JournalRecord[] }) {
  const none = entries.length === 0;
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label="Export">
      <Button size="sm" disabled={none} onClick={() => download(toNdjson(entries), 'ndjson')}>
        Export NDJSON
      </Button>
      <Button size="sm" disabled={none} onClick={() => download(toCsv(entries), 'csv')}>
        Export CSV
      </Button>
    </div>
  );
}
