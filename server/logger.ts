// pino logger writing to stderr only (stdout belongs to JSON-RPC); every argument passes redaction.
import pino, { type Logger } from 'pino';
import { redact } from './redact';

export type { Logger } from 'pino';

/** Creates the process logger on file descriptor 2 with redaction applied to every log call. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => redact(a)) as Parameters<typeof method>);
        },
      },
      serializers: { err: (e: unknown) => redact(pino.stdSerializers.err(e as Error)) },
    },
    pino.destination({ dest: 2, sync: false }),
  );
}
