'use client';
// The write tier in force (read-only, publish-allowed, full), from the server, as a badge in the navigation.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../_trpc/client';
import { Badge, type BadgeTone } from './ui/badge';

const TONE: Record<string, BadgeTone> = {
  'read-only': 'slate',
  'publish-allowed': 'amber',
  full: 'red',
};

/** Badge naming the server's write tier; its title lists the publish and read allow-lists. */
export function TierBadge() {
  const trpc = useTRPC();
  const access = useQuery({ ...trpc.system.access.queryOptions(), staleTime: 60_000 });
  const a = access.data;
  if (!a) return null;
  const lists = [
    a.publish_allow.length > 0 && `publish: ${a.publish_allow.join(', ')}`,
    a.read_allow.length > 0 && `read: ${a.read_allow.join(', ')}`,
  ].filter(Boolean);
  return (
    <Badge
      tone={TONE[a.tier] ?? 'slate'}
      className="mx-2 md:mx-2 md:mb-3 md:self-start"
      title={`Write tier (MQTT_MCP_WRITE_TIER)${lists.length ? `; ${lists.join('; ')}` : ''}`}
    >
      tier: {a.tier}
    </Badge>
  );
}
