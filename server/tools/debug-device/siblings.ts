// Sibling topics of a device (the same layout with another id), so that faults judged against siblings show.
import { topicMatches } from '../../mqtt/topics';

/** Most sibling filters a debug window subscribes to beside the device's own. */
export const MAX_SIBLING_FILTERS = 8;

/**
 * Filters for the device's siblings, from topics the session already knows: each known topic with
 * the id as one of its first three levels, with that level replaced by `+` (`plant/store/temp` for
 * `store` gives `plant/+/temp`). A frozen value or a drifting schema is only visible beside them.
 */
export function siblingFilters(
  deviceId: string,
  known: Iterable<string>,
  own: readonly string[],
): string[] {
  const out = new Set<string>();
  for (const topic of known) {
    if (out.size >= MAX_SIBLING_FILTERS) break;
    if (!own.some((f) => topicMatches(f, topic))) continue;
    const levels = topic.split('/');
    const at = levels.slice(0, 3).indexOf(deviceId);
    if (at < 0) continue;
    levels[at] = '+';
    out.add(levels.join('/'));
  }
  return [...out];
}

/** Whether a topic belongs to the device (matches one of its own filters). */
export function ownTopic(topic: string | undefined, own: readonly string[]): boolean {
  return topic !== undefined && own.some((f) => topicMatches(f, topic));
}
