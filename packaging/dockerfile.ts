// A small Dockerfile parser (continuations, comments, stages, JSON and shell forms) for the packaging checks.

/** One instruction, with its arguments joined across line continuations. */
export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ENV, ... */
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  args: string;
  /** The exec-form array when the arguments are a JSON array (RUN, CMD, ENTRYPOINT, ...). */
  json?: string[];
  /** 1-based line of the keyword. */
  line: number;
}

/** One build stage: `FROM image [AS name]` and what follows it. */
export interface Stage {
  index: number;
  /** The stage name (`AS name`), lower-cased as Docker treats it, or the index as a string. */
  name: string;
  /** The base as written (`node:${NODE_VERSION}-bookworm-slim`, or a previous stage's name). */
  from: string;
  /** `--platform=...` of the FROM line, if any. */
  platform?: string;
  instructions: Instruction[];
}

/** A parsed Dockerfile. */
export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

/** A `COPY`/`ADD` instruction broken into flags, sources and destination. */
export interface CopyArgs {
  flags: Record<string, string>;
  sources: string[];
  dest: string;
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | null = null;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated quote in: ${text}`);
  if (inWord) words.push(word);
  return words;
}

function parseJsonArray(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Parses Dockerfile text; throws on a line that is not an instruction. */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split(/\r?\n/);
  const instructions: Instruction[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const first = lines[i] as string;
    if (/^\s*(#.*)?$/.test(first)) continue;
    const start = i + 1;
    let logical = first.trimEnd();
    while (logical.endsWith('\\') && i + 1 < lines.length) {
      logical = logical.slice(0, -1).trimEnd();
      i += 1;
      const next = lines[i] as string;
      // Comment lines inside a continued instruction are dropped, as Docker does.
      if (/^\s*#/.test(next)) {
        logical += ' \\';
        continue;
      }
      logical += ` ${next.trim()}`;
    }
    const m = /^\s*([A-Za-z]+)(?:\s+(.*))?$/.exec(logical);
    if (!m) throw new Error(`line ${start}: not an instruction: ${first}`);
    const args = (m[2] ?? '').trim();
    const json = parseJsonArray(args);
    instructions.push({
      keyword: (m[1] as string).toUpperCase(),
      args,
      line: start,
      ...(json ? { json } : {}),
    });
  }
  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const words = splitWords(ins.args);
      const platform = words.find((w) => w.startsWith('--platform='))?.slice('--platform='.length);
      const rest = words.filter((w) => !w.startsWith('--'));
      const from = rest[0];
      if (!from) throw new Error(`line ${ins.line}: FROM without an image`);
      const asIndex = rest.findIndex((w) => w.toUpperCase() === 'AS');
      const index = stages.length;
      const name = asIndex >= 0 ? rest[asIndex + 1]?.toLowerCase() : undefined;
      stages.push({
        index,
        name: name ?? String(index),
        from,
        ...(platform ? { platform } : {}),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') {
        throw new Error(`line ${ins.line}: ${ins.keyword} before the first FROM`);
      }
      for (const [k, v] of Object.entries(parseAssignments(ins.args, false))) globalArgs[k] = v;
    } else {
      (stages[stages.length - 1] as Stage).instructions.push(ins);
    }
  }
  return { globalArgs, stages };
}

/** `K=V K2="v 2"` (and, for ENV, the legacy `K V`) as a record; a bare ARG name maps to undefined. */
export function parseAssignments(
  args: string,
  legacyForm = true,
): Record<string, string | undefined> {
  const words = splitWords(args);
  const out: Record<string, string | undefined> = {};
  if (legacyForm && words.length >= 2 && !(words[0] as string).includes('=')) {
    const [key, ...value] = words;
    out[key as string] = value.join(' ');
    return out;
  }
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq === -1) out[w] = undefined;
    else out[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return out;
}

/** Replaces `${NAME}` and `$NAME` with values from `vars` (unknown names stay as written). */
export function substitute(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (all, braced?: string, bare?: string) => {
    const value = vars[(braced ?? bare) as string];
    return value === undefined ? all : value;
  });
}

/** The instructions of a stage with a given keyword. */
export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword.toUpperCase());
}

/** The environment a stage sets with ENV (later instructions win). */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of instructionsOf(stage, 'ENV')) {
    for (const [k, v] of Object.entries(parseAssignments(ins.args))) env[k] = v ?? '';
  }
  return env;
}

/** Flags, sources and destination of a COPY or ADD instruction (shell or JSON form). */
export function copyArgs(ins: Instruction): CopyArgs {
  const flags: Record<string, string> = {};
  let rest = ins.args;
  for (
    let m = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest);
    m;
    m = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest)
  ) {
    flags[m[1] as string] = m[2] ?? 'true';
    rest = rest.slice(m[0].length);
  }
  const paths = parseJsonArray(rest) ?? splitWords(rest);
  if (paths.length < 2) {
    throw new Error(`line ${ins.line}: ${ins.keyword} needs a source and a destination`);
  }
  return { flags, sources: paths.slice(0, -1), dest: paths[paths.length - 1] as string };
}

/** The user a stage ends up running as (the last USER), or undefined for Docker's default, root. */
export function finalUser(stage: Stage): string | undefined {
  const users = instructionsOf(stage, 'USER');
  return users.length > 0
    ? splitWords((users[users.length - 1] as Instruction).args)[0]
    : undefined;
}

/** True when a USER value means root (name or uid 0, with or without a group). */
export function isRootUser(user: string | undefined): boolean {
  if (user === undefined) return true;
  const name = user.split(':')[0];
  return name === 'root' || name === '0' || name === '';
}
