// Activity filter state: the journal API filter it stands for and its form in the page URL.

/** What the journal is narrowed to; empty strings mean "any". Times are `datetime-local` values. */
export interface ActivityFilterState {
  tool: string;
  caller: string;
  status: '' | 'ok' | 'error' | 'cancelled';
  /** Prefix of a call id or a session id (the 8 characters the table shows). */
  id: string;
  from: string;
  to: string;
}

/** No filter at all. */
export const NO_FILTER: ActivityFilterState = {
  tool: '',
  caller: '',
  status: '',
  id: '',
  from: '',
  to: '',
};

/** The journal API's filter for a filter state (local times become ISO UTC). */
export function toJournalFilter(f: ActivityFilterState) {
  const iso = (local: string) => {
    if (!local) return undefined;
    const d = new Date(local);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  };
  return {
    tool: f.tool || undefined,
    caller: f.caller || undefined,
    status: f.status || undefined,
    id_prefix: f.id.trim() || undefined,
    from: iso(f.from),
    to: iso(f.to),
  };
}

const STATUSES = ['ok', 'error', 'cancelled'] as const;
const KEYS = Object.keys(NO_FILTER) as (keyof ActivityFilterState)[];

/** A filter state from a URL query (`?id=3f9c2a7e&status=error`); unknown values are ignored. */
export function filtersFromSearch(search: string): ActivityFilterState {
  const params = new URLSearchParams(search);
  const out: ActivityFilterState = { ...NO_FILTER };
  for (const key of KEYS) {
    const v = params.get(key)?.slice(0, 200) ?? '';
    if (key === 'status') {
      out.status = STATUSES.find((s) => s === v) ?? '';
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** The URL query for a filter state (only the fields set), with a leading `?` or empty. */
export function filtersToSearch(f: ActivityFilterState): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (f[key]) params.set(key, f[key]);
  const text = params.toString();
  return text ? `?${text}` : '';
}
