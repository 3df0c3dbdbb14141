// Typed console calls (tools.invoke.<name>) of the tools the Connections and Explorer pages use.
import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import { useTRPCClient } from './client';
import type { establishConnection } from '@/server/tools/establish-connection';
import type { publishMessage } from '@/server/tools/publish-message';

/** Result of mqtt_establish_connection. */
export type EstablishResult = z.output<(typeof establishConnection)['output']>;
/** Arguments of mqtt_establish_connection as the console sends them. */
export type EstablishArgs = Partial<z.input<(typeof establishConnection)['input']>>;
/** Result of mqtt_publish_message. */
export type PublishResult = z.output<(typeof publishMessage)['output']>;
/** Arguments of mqtt_publish_message as the console sends them. */
export type PublishArgs = z.input<(typeof publishMessage)['input']>;

interface ToolCaller {
  mutate(input: unknown): Promise<unknown>;
}

/** A mutation calling one registry tool through tools.invoke; errors carry `CODE: explanation`. */
export function useToolMutation<Args, Result>(name: string) {
  const client = useTRPCClient();
  // tools.invoke is generated from the registry, so its keys are not known to the type system.
  const call = (client.tools.invoke as unknown as Record<string, ToolCaller>)[name] as ToolCaller;
  return useMutation({
    mutationKey: ['tool', name],
    mutationFn: (args: Args) => call.mutate(args) as Promise<Result>,
  });
}
