// Starts the hub once when the Next.js server starts (never during `next build`).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startHub } = await import('./server/hub');
    await startHub();
  }
}
