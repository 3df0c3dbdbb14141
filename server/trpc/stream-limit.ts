// The cap on live console streams (tRPC subscriptions over SSE) open at once, with a clear error beyond it.
import { ToolError } from '../errors';
import { consoleProcedure } from './init';
import { toTrpcError } from './tool-error';

const POOL = 'console-streams';

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function released<T>(stream: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  return (async function* () {
    try {
      yield* stream;
    } finally {
      release();
    }
  })();
}

/**
 * Console subscriptions (metrics.live, tools.run, explorer.watch, journal.tail): at most
 * MQTT_MCP_MAX_STREAMS open at once. The slot is taken before the stream opens, so a stream
 * beyond the cap gets LIMIT_REACHED at once (and a log line), and given back when the stream
 * ends or its request goes away.
 */
export const streamProcedure = consoleProcedure.use(async ({ ctx, signal, next }) => {
  const max = ctx.hub.config.MQTT_MCP_MAX_STREAMS;
  const release = ctx.hub.parts.slots.take(POOL, max);
  if (!release) {
    ctx.hub.log.warn({ max }, 'console stream refused: MQTT_MCP_MAX_STREAMS reached');
    throw toTrpcError(
      new ToolError(
        'LIMIT_REACHED',
        `${max} live console streams are open already (MQTT_MCP_MAX_STREAMS); close a console tab, or wait for one to end`,
        { limit: max },
      ),
    );
  }
  signal?.addEventListener('abort', release, { once: true });
  const result = await next();
  const data: unknown = result.ok ? result.data : undefined;
  if (!result.ok || !isAsyncIterable(data)) {
    release();
    return result;
  }
  return { ...result, data: released(data, release) };
});
