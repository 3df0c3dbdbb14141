// Test support: a minimal environment for child processes (PATH plus the given variables).

/** PATH and HOME from this process plus `extra`, typed for child_process. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...extra };
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env as unknown as NodeJS.ProcessEnv;
}
