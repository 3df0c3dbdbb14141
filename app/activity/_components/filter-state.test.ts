// Unit tests of the Activity filters' URL form and their journal API filter.
import { describe, expect, it } from 'vitest';
import { filtersFromSearch, filtersToSearch, NO_FILTER, toJournalFilter } from './filter-state';

describe('Activity filters in the URL', () => {
  it('round-trips the fields that are set and leaves the rest empty', () => {
    const f = { ...NO_FILTER, id: '3f9c2a7e', status: 'cancelled' as const, tool: 'mqtt_diagnose' };
    const search = filtersToSearch(f);
    expect(search).toBe('?tool=mqtt_diagnose&status=cancelled&id=3f9c2a7e');
    expect(filtersFromSearch(search)).toEqual(f);
    expect(filtersToSearch(NO_FILTER)).toBe('');
  });

  it('ignores an unknown status and unknown parameters', () => {
    expect(filtersFromSearch('?status=weird&x=1&caller=console')).toEqual({
      ...NO_FILTER,
      caller: 'console',
    });
  });

  it('sends the id as a trimmed prefix to the journal', () => {
    expect(toJournalFilter({ ...NO_FILTER, id: ' 3f9c2a7e ' }).id_prefix).toBe('3f9c2a7e');
    expect(toJournalFilter(NO_FILTER).id_prefix).toBeUndefined();
  });
});
