// Detector: known sensor error values (DS18B20 -127/85, 0xFFFF, -9999, "NaN", "ERR") in reading fields.
import type { FieldTrack, SentinelHit } from '../field-track';
import type { Finding } from '../finding';
import { iso, type DiagnosisWindow } from '../window';

/** Values the field's typical reading must be this far from for an error value to count. */
const MIN_DISTANCE = 10;

/*
 * A hit counts when:
 * - it is text that is always an error (NaN, inf) or -127 on a temperature;
 * - it is error text such as "ERR" or "unavailable" on a field that otherwise holds numbers;
 * - it is another known value (85 on a temperature, 0xFFFF, -9999, ...) on a field that otherwise
 *   reads something at least MIN_DISTANCE away (so a field that normally reads 85 is left alone).
 */
function confirmed(hit: SentinelHit, field: FieldTrack): boolean {
  if (typeof hit.value === 'string') return !hit.needsNumbers || field.numbers > 0;
  if (hit.value === -127) return true;
  const centre = field.centre();
  return centre !== undefined && Math.abs(centre.median - hit.value) >= MIN_DISTANCE;
}

function advice(label: string): string {
  if (label.startsWith('DS18B20')) {
    return 'Check the DS18B20 wiring and its 4.7 kΩ pull-up, and drop -127 and 85 readings before storing or alerting.';
  }
  return 'Treat the value as missing data, not a reading; check the sensor and its converter, and filter it out before storing or alerting.';
}

/** Fields that reported a known error value. */
export function detectSentinels(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  for (const track of w.tracks.values()) {
    const hits: Array<{ path: string; hit: SentinelHit }> = [];
    for (const [path, field] of track.fields) {
      for (const hit of field.sentinels.values()) {
        if (confirmed(hit, field)) hits.push({ path, hit });
      }
    }
    const first = hits[0];
    if (!first) continue;
    const name = first.path === '' ? '' : ` "${first.path}" =`;
    out.push({
      kind: 'sensor_error_value',
      severity: 'warning',
      subject: w.subject(track.topic),
      summary: `${track.topic} reported${name} ${JSON.stringify(first.hit.value)} ${first.hit.count} time(s): ${first.hit.label}, an error value, not a reading.`,
      evidence: {
        field: first.path || '(value)',
        value: first.hit.value,
        meaning: first.hit.label,
        count: first.hit.count,
        first_at: iso(first.hit.firstMs),
        ...(hits.length > 1
          ? { other_fields: hits.slice(1, 4).map((h) => h.path || '(value)') }
          : {}),
      },
      suggestion: advice(first.hit.label),
    });
  }
  return out;
}
