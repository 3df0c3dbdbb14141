'use client';
// The search form of the explorer: typing filters the topic tree (by name or MQTT filter, and payload text).
import { formatCount } from './format';
import { TopicField } from './topic-field';
import type { TopicSearchState } from './use-topic-search';
import { ErrorAlert } from '../../_components/ui/alert';
import { Button } from '../../_components/ui/button';

/** The search fields and how many topics the tree now shows. */
export function ExplorerSearch({ search }: { search: TopicSearchState }) {
  const { topic, payload, only } = search;
  return (
    <div className="space-y-2">
      <form
        role="search"
        aria-label="Search topics and payloads"
        onSubmit={(e) => e.preventDefault()}
        className="grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      >
        <TopicField
          label="Search topics"
          placeholder="kitchen or home/+/temp"
          value={topic}
          onValue={search.setTopic}
        />
        <TopicField
          label="Search payloads"
          placeholder="text in the value"
          value={payload}
          onValue={search.setPayload}
        />
        {(topic || payload) && (
          <Button size="md" variant="ghost" onClick={search.clear}>
            Clear
          </Button>
        )}
      </form>
      <ErrorAlert message={search.error} />
      {only && (
        <p role="status" className="text-xs text-slate-500 dark:text-slate-400">
          {only.size === 0
            ? 'No topic matches.'
            : `The tree shows ${formatCount(only.size)}${search.truncated ? '+' : ''} matching topic${only.size === 1 ? '' : 's'}.`}
        </p>
      )}
    </div>
  );
}
