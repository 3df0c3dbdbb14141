// Reads YAML with js-yaml, which is already installed (eslint depends on it): no new dependency, a real parser.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

interface JsYaml {
  load(text: string, options?: { filename?: string }): unknown;
}

let jsYaml: JsYaml | undefined;

function parser(): JsYaml {
  if (!jsYaml) {
    try {
      jsYaml = createRequire(import.meta.url)('js-yaml') as JsYaml;
    } catch (err) {
      throw new Error(
        `js-yaml is not installed (it came with eslint); add it as a devDependency: ${(err as Error).message}`,
      );
    }
  }
  return jsYaml;
}

/** Parses YAML text as a YAML 1.2 parser does (duplicate keys are an error). */
export function parseYaml(text: string, filename = 'input.yml'): unknown {
  return parser().load(text, { filename });
}

/** Reads and parses a YAML file. */
export function readYaml(path: string): unknown {
  return parseYaml(readFileSync(path, 'utf8'), path);
}
