'use client';
// Findings of mqtt_diagnose grouped by device, worst first, each with its summary, evidence and suggestion.
import type { ToolOutputs } from '../../_trpc/types';
import { Badge, type BadgeTone } from '../../_components/ui/badge';

/** The result of mqtt_diagnose. */
export type Diagnosis = ToolOutputs['mqtt_diagnose'];
type Device = Diagnosis['devices'][number];
type Finding = Device['findings'][number];

const TONE: Record<Finding['severity'], BadgeTone> = {
  critical: 'red',
  warning: 'amber',
  info: 'sky',
};

function evidenceText(value: Finding['evidence'][string]): string {
  if (value === null) return '—';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function FindingItem({ finding }: { finding: Finding }) {
  const evidence = Object.entries(finding.evidence);
  return (
    <li className="space-y-1.5 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={TONE[finding.severity]}>{finding.severity}</Badge>
        <code className="font-mono text-xs text-slate-600 dark:text-slate-300">{finding.kind}</code>
        {finding.subject.topic && (
          <code className="font-mono text-xs [overflow-wrap:anywhere]">
            {finding.subject.topic}
          </code>
        )}
      </div>
      <p className="text-sm">{finding.summary}</p>
      {evidence.length > 0 && (
        <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
          {evidence.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
              <dd className="font-mono [overflow-wrap:anywhere]">{evidenceText(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="text-xs text-slate-600 dark:text-slate-300">
        <span className="font-medium">Suggestion:</span> {finding.suggestion}
      </p>
    </li>
  );
}

function DeviceCard({ device }: { device: Device }) {
  return (
    <section
      aria-label={`Device ${device.device}`}
      className="min-w-0 rounded-lg border border-slate-200 bg-white px-4 pt-3 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-mono text-sm font-semibold [overflow-wrap:anywhere]">
          {device.device}
        </h3>
        <Badge tone={TONE[device.worst]}>worst: {device.worst}</Badge>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {device.findings.length + device.not_listed} finding
          {device.findings.length + device.not_listed === 1 ? '' : 's'}
        </span>
      </header>
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {device.findings.map((f, i) => (
          <FindingItem key={`${f.kind}-${i}`} finding={f} />
        ))}
      </ul>
      {device.not_listed > 0 && (
        <p className="pb-3 text-xs text-slate-500">{device.not_listed} more not listed</p>
      )}
    </section>
  );
}

/** A diagnosis: counts by severity, the healthy line, then one card per device, worst first. */
export function DiagnosisView({ data }: { data: Diagnosis }) {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone="red">{data.by_severity.critical} critical</Badge>
        <Badge tone="amber">{data.by_severity.warning} warning</Badge>
        <Badge tone="sky">{data.by_severity.info} info</Badge>
        <span className="text-slate-500 dark:text-slate-400">
          {data.device_count} devices · {data.topic_count} topics · {data.message_count} messages
        </span>
      </div>
      {data.explanation && <p className="text-sm">{data.explanation}</p>}
      <p className="text-sm text-slate-600 dark:text-slate-300">
        <span className="font-medium">Healthy:</span> {data.healthy}
      </p>
      {data.devices.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">No finding.</p>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          {data.devices.map((d) => (
            <DeviceCard key={d.device} device={d} />
          ))}
        </div>
      )}
      {data.findings_not_listed > 0 && (
        <p className="text-xs text-slate-500">
          {data.findings_not_listed} findings beyond the listed ones (raise max findings).
        </p>
      )}
    </div>
  );
}
