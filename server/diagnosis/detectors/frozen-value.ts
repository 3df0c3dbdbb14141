// Detector: a numeric field stuck at one value while it (before) or its siblings normally vary.
import type { FieldTrack } from '../field-track';
import type { Finding } from '../finding';
import { iso, type DiagnosisWindow } from '../window';

/** Identical live samples needed to call a value frozen. */
export const MIN_FROZEN_SAMPLES = 8;
/** A sibling varies when at least this share of its consecutive samples differ. */
const VARYING_RATIO = 0.5;
/** Samples a sibling needs before its variation counts. */
const MIN_SIBLING_SAMPLES = 5;

function varies(field: FieldTrack | undefined): boolean | undefined {
  if (!field || field.live < MIN_SIBLING_SAMPLES) return undefined;
  return field.changes / (field.live - 1) >= VARYING_RATIO;
}

/** Per sibling pattern and field: how many members have enough samples, and how many vary. */
type Votes = Map<string, { voters: number; varying: number }>;

function votesOf(w: DiagnosisWindow): Map<string, Votes> {
  const out = new Map<string, Votes>();
  for (const [pattern, group] of w.siblingGroups()) {
    if (group.length < 3) continue;
    const votes: Votes = new Map();
    for (const track of group) {
      for (const [path, field] of track.fields) {
        const vote = varies(field);
        if (vote === undefined) continue;
        const v = votes.get(path) ?? { voters: 0, varying: 0 };
        v.voters++;
        if (vote) v.varying++;
        votes.set(path, v);
      }
    }
    out.set(pattern, votes);
  }
  return out;
}

/** Siblings of a field that vary, when at least two do and they are most of those that vote. */
function varyingSiblings(votes: Votes | undefined, path: string, own: FieldTrack): number {
  const v = votes?.get(path);
  if (!v) return 0;
  const self = varies(own);
  const voters = v.voters - (self === undefined ? 0 : 1);
  const varying = v.varying - (self ? 1 : 0);
  return varying >= 2 && varying * 2 > voters ? varying : 0;
}

/** Whether the field changed regularly before its current run, which is far longer than usual. */
function stoppedVarying(field: FieldTrack): boolean {
  if (field.changes < 3 || field.enumLike()) return false;
  const usualRun = (field.live - field.run) / field.changes;
  return field.run >= 4 * usualRun && field.run >= MIN_FROZEN_SAMPLES + 2;
}

/** Topics with a numeric field that stopped changing although such values normally vary. */
export function detectFrozenValue(w: DiagnosisWindow): Finding[] {
  const out: Finding[] = [];
  const votes = votesOf(w);
  for (const track of w.tracks.values()) {
    const frozen: Array<{ path: string; field: FieldTrack; siblings: number }> = [];
    const groupVotes = votes.get(w.patternOf(track.topic));
    for (const [path, field] of track.fields) {
      if (field.run < MIN_FROZEN_SAMPLES || field.last === undefined) continue;
      const siblings = field.run === field.live ? varyingSiblings(groupVotes, path, field) : 0;
      if (siblings > 0 || stoppedVarying(field)) frozen.push({ path, field, siblings });
    }
    const first = frozen[0];
    if (!first) continue;
    const subject = w.subject(track.topic);
    const name = first.path === '' ? 'its value' : `"${first.path}"`;
    const why =
      first.siblings > 0
        ? `while ${first.siblings} sibling(s) under ${w.patternOf(track.topic)} vary`
        : `after changing regularly before`;
    out.push({
      kind: 'frozen_value',
      severity: 'warning',
      subject,
      summary: `${track.topic}: ${name} has stayed at ${first.field.last} for ${first.field.run} samples ${why}: the sensor or its reading is stuck.`,
      evidence: {
        fields: frozen.map((f) => f.path || '(value)'),
        value: first.field.last as number,
        samples: first.field.run,
        since: iso(first.field.runStartMs),
        varying_siblings: first.siblings,
      },
      suggestion: `Check ${subject.device}'s sensor (wiring, a hung driver, a cached reading); restart it and compare with a reference reading.`,
    });
  }
  return out;
}
