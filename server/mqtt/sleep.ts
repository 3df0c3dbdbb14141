// A plain delay, and a deadline on a promise, for the MQTT helpers that poll or bound a wait.

/** Resolves after `ms` milliseconds; a negative delay resolves at once. */
export const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Settles as `work` does, or rejects with `onTimeout()` after `ms`; the timer never outlives it. */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
