// A plain delay for the MQTT helpers that poll or bound a wait.

/** Resolves after `ms` milliseconds; a negative delay resolves at once. */
export const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
