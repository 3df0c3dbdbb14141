// The root router of the console API and its type.
import { createCallerFactory, router } from '../init';
import { explorerRouter } from './explorer';
import { journalRouter } from './journal';
import { metricsRouter } from './metrics';
import { profilesRouter } from './profiles';
import { recordRouter } from './record';
import { sessionsRouter } from './sessions';
import { systemRouter } from './system';
import { toolRegistry } from '../../tools/index';
import type { AnyTool } from '../../tools/kit/define-tool';
import { createToolsRouter } from './tools';

/** The console API over a tool list (the hub in the context must serve the same list). */
export function createAppRouter<const Tools extends readonly AnyTool[]>(tools: Tools) {
  return router({
    tools: createToolsRouter(tools),
    sessions: sessionsRouter,
    journal: journalRouter,
    metrics: metricsRouter,
    profiles: profilesRouter,
    system: systemRouter,
    explorer: explorerRouter,
    record: recordRouter,
  });
}

/** The console API of the registry. */
export const appRouter = createAppRouter(toolRegistry);

/** Type of the console API, for the client. */
export type AppRouter = typeof appRouter;

// The two header names the console shares with the server, so app/ spells them from this module.
export type { ConsoleHeader } from '../../http/console-header';
export type { NonceHeader } from '../../http/security-headers';

/** Server-side caller of the console API (tests). */
export const createCaller = createCallerFactory(appRouter);
