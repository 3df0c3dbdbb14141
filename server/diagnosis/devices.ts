// Infers which device a topic belongs to from its structure and its sibling pattern (pure).

/** First levels after which the second level names the device (Tasmota, zigbee2mqtt, Homie, Shelly...). */
const DEVICE_ROOTS = new Set([
  'tele',
  'stat',
  'cmnd',
  'zigbee2mqtt',
  'z2m',
  'homie',
  'shellies',
  'tasmota',
  'esphome',
  'owntracks',
]);

/**
 * The device of a topic: the second level under a known root (`tele/<dev>/...`); else the
 * rightmost variable (`+`) level of its sibling pattern other than the last level; else the last
 * level when that alone is variable (`sensors/42`); else the parent of the last level
 * (`home/kitchen/temperature` -> `kitchen`), or the topic itself when it has one level.
 */
export function deviceOf(topic: string, pattern: string = topic): string {
  const levels = topic.split('/');
  if (levels.length >= 2 && DEVICE_ROOTS.has((levels[0] as string).toLowerCase())) {
    return levels[1] as string;
  }
  const p = pattern.split('/');
  for (let i = levels.length - 2; i >= 0; i--) {
    if (p[i] === '+' && levels[i] !== '') return levels[i] as string;
  }
  if (p[levels.length - 1] === '+' && levels.length > 1) return levels.at(-1) as string;
  return levels.length >= 2 ? (levels.at(-2) as string) : topic;
}
