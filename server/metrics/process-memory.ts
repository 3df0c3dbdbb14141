// This process's memory in megabytes, as tools and live metrics report it.

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

/** RSS, heap and external memory of this process in MB (one decimal). */
export function processMemory() {
  const m = process.memoryUsage();
  return {
    rss_mb: mb(m.rss),
    heap_used_mb: mb(m.heapUsed),
    heap_total_mb: mb(m.heapTotal),
    external_mb: mb(m.external),
  };
}
