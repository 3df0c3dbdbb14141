// Every type the console shows, inferred from the console API: the tRPC router's type is all it imports of server/.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/routers/_app';

/** What each procedure returns (a subscription: its stream), as the browser receives it. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
/** What each procedure takes. */
export type RouterInputs = inferRouterInputs<AppRouter>;

/** The events a subscription's stream yields. */
type Yielded<Stream> = Stream extends AsyncIterable<infer Event> ? Event : never;

/** Every tool's result, by tool name. */
export type ToolOutputs = RouterOutputs['tools']['invoke'];
/** Every tool's arguments, by tool name. */
export type ToolInputs = RouterInputs['tools']['invoke'];
/** The name of a tool of the registry. */
export type ToolName = keyof ToolOutputs;
/** A tool as the catalog describes it (schemas, annotations, availability). */
export type CatalogTool = RouterOutputs['tools']['catalog'][number];
/** An event of a console tool run: progress, then the result (typed by its `tool`) or the error. */
export type ToolRunEvent = Yielded<RouterOutputs['tools']['run']>;

/** A session as the console lists it. */
export type SessionSummary = RouterOutputs['sessions']['list'][number];
/** A saved broker profile (secrets never included). */
export type ProfileView = RouterOutputs['profiles']['list'][number];
/** One journal entry: a tool call. */
export type JournalEntry = RouterOutputs['journal']['page']['entries'][number];
/** One live metrics sample. */
export type MetricsSample = Yielded<RouterOutputs['metrics']['live']>;

/** What the explorer's watch yields: snapshot chunks, batches, or closed. */
export type ExplorerEvent = Yielded<RouterOutputs['explorer']['watch']>;
/** One topic's change in an explorer batch. */
export type TopicUpdate = Extract<ExplorerEvent, { type: 'batch' }>['topics'][number];
/** The explorer tree's totals. */
export type TopicTreeTotals = Extract<ExplorerEvent, { type: 'batch' }>['totals'];
