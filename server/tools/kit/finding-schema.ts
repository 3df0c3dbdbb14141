// zod schemas of findings (the diagnosis engine's output) as the tools return them; the console uses them too.
import { z } from 'zod';
import { FINDING_KINDS, type Finding } from '../../diagnosis/finding';

const evidenceValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number()])),
]);

/** One finding: what looks wrong, about which topic/device, the evidence and what to do. */
export const findingSchema = z.object({
  kind: z.enum(FINDING_KINDS).describe('What kind of fault (offline, flapping, frozen_value, ...)'),
  severity: z.enum(['critical', 'warning', 'info']),
  subject: z
    .object({ topic: z.string().optional(), device: z.string().optional() })
    .describe('The topic and the device (inferred from the topic structure) it is about'),
  summary: z.string().describe('One sentence a person can act on'),
  evidence: z.record(z.string(), evidenceValue).describe('Counts, times and values behind it'),
  suggestion: z.string().describe('What to check or change'),
}) satisfies z.ZodType<Finding>;

/** The findings of one device, worst first. */
export const deviceFindingsSchema = z.object({
  device: z.string(),
  worst: z.enum(['critical', 'warning', 'info']),
  findings: z.array(findingSchema),
  not_listed: z.number().int().describe('Findings of this device left out of the list'),
});
