// How tools and the console reach the record: the store plus the mapping from sessions and profiles to sources.
import type { SessionManager } from '../mqtt/session-manager';
import type { RecordStore } from '../store/record/types';
import type { RecorderStatus } from './recorder';
import { profileKey, sessionKey, type RecordingManager } from './recording-manager';

/** What a history query reads: the record and where each session's and profile's part of it is. */
export interface RecordAccess {
  store: RecordStore;
  /**
   * The source holding what a session's broker did: the session's own recording, else the
   * recording of the saved profile it was opened from, else `session:<id>` (a past recording).
   */
  sourceOfSession(sessionId: string): string;
  /** The source of a saved profile (by name, case-insensitive), or undefined when there is none. */
  sourceOfProfile(name: string): string | undefined;
  /** The recordings running now. */
  recordings(): RecorderStatus[];
}

/** The hub's RecordAccess over its store, recording manager, sessions and saved profiles. */
export function recordAccess(
  store: RecordStore,
  manager: RecordingManager,
  sessions: SessionManager,
  profiles: { list(): Array<{ id: string; name: string }> },
): RecordAccess {
  const profileId = (name: string) =>
    profiles.list().find((p) => p.name.toLowerCase() === name.toLowerCase())?.id;
  return {
    store,
    sourceOfSession(sessionId) {
      const own = manager.bySession(sessionId);
      if (own) return own.source.key;
      const profile = sessions.list().find((s) => s.id === sessionId)?.options.profile;
      const id = profile ? profileId(profile) : undefined;
      return id ? profileKey(id) : sessionKey(sessionId);
    },
    sourceOfProfile(name) {
      const id = profileId(name);
      return id ? profileKey(id) : undefined;
    },
    recordings: () => manager.status(),
  };
}
