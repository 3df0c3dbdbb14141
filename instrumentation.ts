// Starts the hub once when the Next.js server starts (never during `next build`), then its bridge socket.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const [{ startHub }, { startHubSocket }, { hubSocketPath, maxRequestBytes }] =
      await Promise.all([
        import('./server/hub'),
        import('./mcp/hub-socket'),
        import('./server/config'),
      ]);
    const hub = await startHub();
    await startHubSocket(hubSocketPath(hub.config), hub, maxRequestBytes(hub.config));
  }
}
