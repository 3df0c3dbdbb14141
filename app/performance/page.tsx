'use client';
// Performance page: live charts of the hub's metrics, and a panel charting an mqtt_monitor_performance run.
import { LiveCharts } from './_components/live-charts';
import { MonitorPanel } from './_components/monitor-panel';

/** The Performance page. */
export default function PerformancePage() {
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-xl font-semibold tracking-tight">Performance</h1>
        <p className="text-sm text-slate-500 dark:text-slate-400">
          Live traffic per session, tool-call latency and errors, and this process&apos;s memory:
          one sample a second, the last five minutes.
        </p>
      </header>
      <LiveCharts />
      <MonitorPanel />
    </div>
  );
}
