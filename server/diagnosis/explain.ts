// Drops findings that a stronger finding already explains, and duplicates (pure).
import type { Finding, FindingKind } from './finding';

/** Device-level findings that explain silence, gaps and old values of the whole device. */
const DEVICE_CAUSES = new Set<FindingKind>(['offline', 'flapping', 'client_id_takeover']);
const EXPLAINED_BY_DEVICE = new Set<FindingKind>(['missed_heartbeat', 'stale_retained']);
/** Topic-level findings that explain missed beats on the same topic. */
const TOPIC_CAUSES = new Set<FindingKind>(['sequence_gap', 'backlog_replay']);

/**
 * Keeps the first finding of each kind per subject, then drops missed beats and stale retained
 * values of a device that is offline, flapping or fighting over its client id, and missed beats
 * on a topic that loses messages or replays a backlog.
 */
export function explain(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.kind}\u0000${f.subject.device ?? ''}\u0000${f.subject.topic ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const causedDevices = new Set(
    unique.filter((f) => DEVICE_CAUSES.has(f.kind)).map((f) => f.subject.device),
  );
  const causedTopics = new Set(
    unique.filter((f) => TOPIC_CAUSES.has(f.kind)).map((f) => f.subject.topic),
  );
  return unique.filter((f) => {
    if (EXPLAINED_BY_DEVICE.has(f.kind) && causedDevices.has(f.subject.device)) return false;
    return !(f.kind === 'missed_heartbeat' && causedTopics.has(f.subject.topic));
  });
}
