// Compares the JSON object shapes of sibling topics and names the members that deviate (pure).
import { cutText, isJsonObject } from './message';

/** JSON types of top-level fields (integers and other numbers are both `number`). */
export type FieldType = 'number' | 'string' | 'boolean' | 'null' | 'object' | 'array';

/** What one top-level field held across a member's JSON objects. */
export interface FieldShape {
  present: number;
  types: Partial<Record<FieldType, number>>;
  /** A short example per type. */
  examples: Partial<Record<FieldType, string>>;
}

/** One sibling: a name (its topic) and the shape of its JSON objects. */
export interface MemberShape {
  name: string;
  /** JSON object payloads seen. */
  objects: number;
  fields: ReadonlyMap<string, FieldShape>;
}

/** How a member differs from its siblings in one field. */
export interface ShapeDeviation {
  member: string;
  field: string;
  issue: 'type' | 'null' | 'missing';
  /** What the siblings have: a type, or `present`. */
  expected: FieldType | 'present';
  /** What this member has: a type, or `absent`. */
  found: FieldType | 'absent';
  /** An example of the deviating value. */
  example?: string;
  /** Siblings that have the expected shape. */
  siblings: number;
}

/** Members needed before any of them can deviate. */
export const MIN_SIBLINGS = 3;

const EXAMPLE_CHARS = 24;

/** The JSON type of a value. */
export function fieldType(value: unknown): FieldType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'number' || t === 'string' || t === 'boolean' ? t : 'object';
}

/** Adds one JSON object's top-level fields to a shape (at most `maxFields` distinct fields). */
export function addObjectShape(
  fields: Map<string, FieldShape>,
  obj: Record<string, unknown>,
  maxFields: number,
): void {
  for (const [key, value] of Object.entries(obj)) {
    let shape = fields.get(key);
    if (!shape) {
      if (fields.size >= maxFields) continue;
      shape = { present: 0, types: {}, examples: {} };
      fields.set(key, shape);
    }
    const type = fieldType(value);
    shape.present++;
    shape.types[type] = (shape.types[type] ?? 0) + 1;
    if (shape.examples[type] === undefined) {
      shape.examples[type] = cutText(JSON.stringify(value) ?? '', EXAMPLE_CHARS).text;
    }
  }
}

/** The shape of one member from its payloads (payloads that are not JSON objects are skipped). */
export function memberShape(
  name: string,
  payloads: Iterable<unknown>,
  maxFields = 64,
): MemberShape {
  const fields = new Map<string, FieldShape>();
  let objects = 0;
  for (const p of payloads) {
    if (!isJsonObject(p)) continue;
    objects++;
    addObjectShape(fields, p, maxFields);
  }
  return { name, objects, fields };
}

/** The most frequent non-null type of a field (null when it was only ever null). */
function dominantType(shape: FieldShape): FieldType {
  let best: FieldType = 'null';
  let bestCount = 0;
  for (const [type, count] of Object.entries(shape.types) as Array<[FieldType, number]>) {
    if (type !== 'null' && count > bestCount) {
      best = type;
      bestCount = count;
    }
  }
  return best;
}

function mostCommon<T>(values: T[]): { value: T; count: number } | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: { value: T; count: number } | undefined;
  for (const [value, count] of counts) if (!best || count > best.count) best = { value, count };
  return best;
}

/*
 * Rules, per top-level field, among members with at least one JSON object (at least MIN_SIBLINGS):
 * - type: a member whose usual (non-null) type differs from the type most members have, when at
 *   least two members have that type and the deviating members are at most a third of the holders;
 * - null: a member whose field is null in at least half its objects while at least two others
 *   never send null (again at most a third deviate);
 * - missing: a member (2+ objects) that never sends a field which at least two thirds of the
 *   members (and at least two) send in 90 % of their objects.
 */
export function compareSiblings(members: MemberShape[]): ShapeDeviation[] {
  const withObjects = members.filter((m) => m.objects > 0);
  if (withObjects.length < MIN_SIBLINGS) return [];
  const names = new Set(withObjects.flatMap((m) => [...m.fields.keys()]));
  const out: ShapeDeviation[] = [];
  for (const field of [...names].sort()) {
    const holders = withObjects.filter((m) => m.fields.has(field));
    const typed = holders
      .map((m) => ({ m, shape: m.fields.get(field) as FieldShape }))
      .map((h) => ({ ...h, type: dominantType(h.shape) }));
    const common = mostCommon(typed.filter((h) => h.type !== 'null').map((h) => h.type));
    if (common && common.count >= 2) {
      const odd = typed.filter((h) => h.type !== 'null' && h.type !== common.value);
      if (odd.length > 0 && odd.length * 3 <= typed.length) {
        for (const h of odd) {
          out.push({
            member: h.m.name,
            field,
            issue: 'type',
            expected: common.value,
            found: h.type,
            example: h.shape.examples[h.type],
            siblings: common.count,
          });
        }
      }
      const clean = typed.filter((h) => (h.shape.types.null ?? 0) === 0).length;
      const nulls = typed.filter((h) => (h.shape.types.null ?? 0) * 2 >= h.shape.present);
      if (clean >= 2 && nulls.length > 0 && nulls.length * 3 <= typed.length) {
        for (const h of nulls) {
          out.push({
            member: h.m.name,
            field,
            issue: 'null',
            expected: common.value,
            found: 'null',
            siblings: clean,
          });
        }
      }
    }
    const regular = holders.filter(
      (m) => (m.fields.get(field) as FieldShape).present >= 0.9 * m.objects,
    );
    const lacking = withObjects.filter((m) => !m.fields.has(field) && m.objects >= 2);
    if (
      regular.length >= 2 &&
      regular.length * 3 >= withObjects.length * 2 &&
      lacking.length > 0 &&
      lacking.length * 3 <= withObjects.length
    ) {
      for (const m of lacking) {
        out.push({
          member: m.name,
          field,
          issue: 'missing',
          expected: 'present',
          found: 'absent',
          siblings: regular.length,
        });
      }
    }
  }
  return out;
}
