'use client';
// Performance page: live charts of the hub's metrics, and a panel charting an mqtt_monitor_performance run.
import { LiveCharts } from './_components/live-charts';
import { MonitorPanel } from './_components/monitor-panel';
import { PageHeader } from '../_components/ui/page';

/** The Performance page. */
export default function PerformancePage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Performance">
        Live traffic per session, tool-call latency and errors, and this process&apos;s memory: one
        sample a second, the last five minutes.
      </PageHeader>
      <LiveCharts />
      <MonitorPanel />
    </div>
  );
}
