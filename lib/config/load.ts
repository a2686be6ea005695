/**
 * Read the site configuration file: the only place configuration enters the app, the CLI and the tests.
 *
 * `JSON.parse` keeps the last of two equal keys without a word (ops edit `"closures"` in one place and the other
 * wins) and overflows the stack on deep nesting, so the text is read with jsonc-parser (Microsoft's, the one VS Code
 * uses), strictly: no comments, no trailing commas, every duplicate key and syntax error reported with its line and
 * column. A UTF-8 byte-order mark (Windows editors save one) is allowed.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getNodeValue, parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import type { SiteConfig } from './site-config';
import { ConfigProblem, ConfigWarning, SiteConfigError, validateSiteConfigWithWarnings } from './validate';

/** The bundled example site, the default for `cdk synth` and the CLI. */
export const DEFAULT_CONFIG_PATH = path.join(__dirname, '..', '..', 'config', 'example.json');

/** Deeper than any configuration needs; the parser recurses, so this keeps a hostile file from overflowing it. */
export const MAX_CONFIG_NESTING = 32;

/** Largest configuration file read, in bytes. */
export const MAX_CONFIG_BYTES = 1_000_000;

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/** The deepest nesting of `[` and `{` outside strings, counted without recursion. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') deepest = Math.max(deepest, (depth += 1));
    else if (char === '}' || char === ']') depth -= 1;
  }
  return deepest;
}

/**
 * Parse configuration text as strict JSON: every syntax error and duplicate key is a {@link ConfigProblem} with its
 * line and column. Throws {@link SiteConfigError} when there is any.
 */
export function parseConfigText(text: string, source: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const problems: ConfigProblem[] = [];
  const depth = nestingDepth(body);
  if (depth > MAX_CONFIG_NESTING) {
    throw new SiteConfigError(source, [
      { path: '(file)', given: `nesting ${depth} levels deep`, expected: `JSON nested at most ${MAX_CONFIG_NESTING} levels deep` },
    ]);
  }
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  for (const error of errors) {
    problems.push({ path: '(file)', given: `${printParseErrorCode(error.error)} at ${lineAndColumn(body, error.offset)}`, expected: 'valid JSON' });
  }
  // Each object's keys, to catch a second value for one key: JSON.parse would silently keep the last.
  const objects: Array<{ keys: Map<string, number>; path: string }> = [];
  const pathOf = (jsonPath: ReadonlyArray<string | number>) =>
    jsonPath.reduce<string>((text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : `${text}${text === '' ? '' : '.'}${segment}`), '');
  visit(
    body,
    {
      onObjectBegin: (_offset, _length, _line, _column, pathSupplier) => void objects.push({ keys: new Map(), path: pathOf(pathSupplier()) }),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (property, offset) => {
        const current = objects[objects.length - 1];
        if (current === undefined) return;
        const first = current.keys.get(property);
        if (first !== undefined) {
          problems.push({
            path: `${current.path}${current.path === '' ? '' : '.'}${property}`,
            given: `a second "${property}" at ${lineAndColumn(body, offset)}`,
            expected: `each key once in an object (the first is at ${lineAndColumn(body, first)}; JSON would silently keep only the last)`,
          });
        } else {
          current.keys.set(property, offset);
        }
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  if (problems.length > 0 || tree === undefined) {
    throw new SiteConfigError(source, problems.length > 0 ? problems : [{ path: '(file)', given: 'an empty file', expected: 'a JSON object' }]);
  }
  return getNodeValue(tree) as unknown;
}

/** A configuration read from a file, with the warnings ops should see. */
export interface LoadedSiteConfig {
  readonly config: SiteConfig;
  readonly warnings: readonly ConfigWarning[];
}

/** Read, parse and validate a site configuration file, with its warnings. Throws {@link SiteConfigError}. */
export function loadSiteConfigWithWarnings(configPath: string = DEFAULT_CONFIG_PATH): LoadedSiteConfig {
  let text: string;
  try {
    const bytes = readFileSync(configPath);
    if (bytes.length > MAX_CONFIG_BYTES) {
      throw new SiteConfigError(configPath, [{ path: '(file)', given: `${bytes.length} bytes`, expected: `at most ${MAX_CONFIG_BYTES} bytes` }]);
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof SiteConfigError) throw error;
    const code = (error as { code?: string }).code;
    const reason = code === 'ERR_ENCODING_INVALID_ENCODED_DATA' ? 'text that is not UTF-8' : code ?? String(error);
    throw new SiteConfigError(configPath, [
      { path: '(file)', given: JSON.stringify(configPath), expected: `a readable UTF-8 file (${reason})` },
    ]);
  }
  return validateSiteConfigWithWarnings(parseConfigText(text, configPath), configPath);
}

/** Read, parse and validate a site configuration (JSON). Throws {@link SiteConfigError} listing every problem. */
export function loadSiteConfig(configPath: string = DEFAULT_CONFIG_PATH): SiteConfig {
  return loadSiteConfigWithWarnings(configPath).config;
}
