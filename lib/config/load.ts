/**
 * Read the site configuration file: the only place configuration enters the app, the CLI and the tests.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SiteConfig } from './site-config';
import { SiteConfigError, validateSiteConfig } from './validate';

/** The bundled example site, the default for `cdk synth` and the CLI. */
export const DEFAULT_CONFIG_PATH = path.join(__dirname, '..', '..', 'config', 'example.json');

/** Read, parse and validate a site configuration (JSON). Throws {@link SiteConfigError} listing every problem. */
export function loadSiteConfig(configPath: string = DEFAULT_CONFIG_PATH): SiteConfig {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    throw new SiteConfigError(configPath, [
      { path: '(file)', given: JSON.stringify(configPath), expected: `a readable file (${error instanceof Error ? error.message : String(error)})` },
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SiteConfigError(configPath, [
      { path: '(file)', given: 'text that is not JSON', expected: `valid JSON (${error instanceof Error ? error.message : String(error)})` },
    ]);
  }
  return validateSiteConfig(raw, configPath);
}
