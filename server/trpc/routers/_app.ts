// The root router of the console API and its type.
import { createCallerFactory, router } from '../init';
import { explorerRouter } from './explorer';
import { journalRouter } from './journal';
import { metricsRouter } from './metrics';
import { profilesRouter } from './profiles';
import { recordRouter } from './record';
import { sessionsRouter } from './sessions';
import { systemRouter } from './system';
import { toolsRouter } from './tools';

/** The console API. */
export const appRouter = router({
  tools: toolsRouter,
  sessions: sessionsRouter,
  journal: journalRouter,
  metrics: metricsRouter,
  profiles: profilesRouter,
  system: systemRouter,
  explorer: explorerRouter,
  record: recordRouter,
});

/** Type of the console API, for the client. */
export type AppRouter = typeof appRouter;

// The two header names the console shares with the server, so app/ spells them from this module.
export type { ConsoleHeader } from '../../http/console-header';
export type { NonceHeader } from '../../http/security-headers';

/** Server-side caller of the console API (tests). */
export const createCaller = createCallerFactory(appRouter);
