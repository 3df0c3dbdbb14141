// pino logger writing to stderr only (stdout belongs to JSON-RPC); every argument passes redaction.
import pino, { type DestinationStream, type Logger } from 'pino';
import { prettyDestination } from './log-format';
import { redact } from './redact';

export type { Logger } from 'pino';

/** How log records are written: `auto` is pretty on a terminal (stderr a TTY), JSON otherwise. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** Whether records are written as short coloured lines rather than JSON. */
export function usePrettyLogs(
  format: LogFormat,
  stderr: { isTTY?: boolean } = process.stderr,
): boolean {
  return format === 'pretty' || (format === 'auto' && stderr.isTTY === true);
}

function destination(format: LogFormat): DestinationStream {
  if (!usePrettyLogs(format)) return pino.destination({ dest: 2, sync: false });
  const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
  return prettyDestination(process.stderr, { color });
}

/** Creates the process logger on stderr with redaction applied to every log call. */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  format: LogFormat = (process.env.LOG_FORMAT as LogFormat | undefined) ?? 'auto',
): Logger {
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
    destination(format),
  );
}
