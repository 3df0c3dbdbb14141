// Chart labels of sessions: the broker (and profile name), with a short id only to tell twins apart.
interface LabelledSession {
  session_id: string;
  broker: string;
  profile: string | null;
}

/** A label per session id: `profile · broker` or `broker`, plus `#id8` where two would read alike. */
export function sessionLabels(sessions: readonly LabelledSession[]): Map<string, string> {
  const base = new Map(
    sessions.map((s) => [s.session_id, s.profile ? `${s.profile} · ${s.broker}` : s.broker]),
  );
  const counts = new Map<string, number>();
  for (const label of base.values()) counts.set(label, (counts.get(label) ?? 0) + 1);
  return new Map(
    [...base].map(([id, label]) => [
      id,
      (counts.get(label) ?? 0) > 1 ? `${label} #${id.slice(0, 8)}` : label,
    ]),
  );
}
