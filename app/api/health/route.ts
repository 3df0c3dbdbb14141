// Liveness: the process answers.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok', at: new Date().toISOString() });
}
