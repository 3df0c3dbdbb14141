// Episodes of findings over consecutive windows: the same kind and subject continuing is one episode (pure).
import { SEVERITY_RANK, type Finding, type FindingSeverity } from './finding';

/** Episodes remembered at most (the oldest are forgotten past this). */
const MAX_EPISODES = 20_000;

/** One run of a finding over consecutive windows. */
export interface Episode {
  /** Window end at which it was first found, epoch ms. */
  startedMs: number;
  /** Window end at which it was last found. */
  lastMs: number;
  /** The worst severity it had. */
  severity: FindingSeverity;
  /** Windows it was found in. */
  windows: number;
}

/** What one window changed: episodes begun (or worsened) and episodes that ended. */
export interface EpisodeUpdate {
  /** Findings that start an episode, or raise its severity: the ones to keep. */
  begun: Finding[];
  /** Keys of episodes absent from this window (they are over). */
  ended: Array<{ key: string; episode: Episode }>;
}

/** Identity of an episode: kind, device and topic of a finding. */
export function episodeKey(f: Pick<Finding, 'kind' | 'subject'>): string {
  return `${f.kind}\u0000${f.subject.device ?? ''}\u0000${f.subject.topic ?? ''}`;
}

/**
 * Follows findings window after window. A finding whose kind and subject were found in the
 * previous window continues its episode (not news, unless its severity got worse); one absent
 * from a window ends its episode, so the fault coming back later starts a new one.
 */
export class EpisodeTracker {
  private readonly open = new Map<string, Episode>();

  /** Episodes open now. */
  get size(): number {
    return this.open.size;
  }

  /** Takes the findings of the window ending at `endMs`. */
  update(findings: readonly Finding[], endMs: number): EpisodeUpdate {
    const begun: Finding[] = [];
    const present = new Set<string>();
    for (const f of findings) {
      const key = episodeKey(f);
      if (present.has(key)) continue;
      present.add(key);
      const episode = this.open.get(key);
      if (!episode) {
        this.open.set(key, { startedMs: endMs, lastMs: endMs, severity: f.severity, windows: 1 });
        begun.push(f);
        continue;
      }
      episode.lastMs = endMs;
      episode.windows++;
      if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[episode.severity]) {
        episode.severity = f.severity;
        begun.push(f);
      }
    }
    const ended: EpisodeUpdate['ended'] = [];
    for (const [key, episode] of this.open) {
      if (present.has(key)) continue;
      this.open.delete(key);
      ended.push({ key, episode });
    }
    for (const key of this.open.keys()) {
      if (this.open.size <= MAX_EPISODES) break;
      this.open.delete(key);
    }
    return { begun, ended };
  }
}
