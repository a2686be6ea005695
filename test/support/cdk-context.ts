/**
 * The context `cdk synth` passes the app: everything in `cdk.json` (the feature flags among it). Tests synthesize
 * with it, so what they assert is what deploys.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** `cdk.json`'s context, with `overrides` on top. */
export function cdkContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...(cdkJson.context ?? {}), ...overrides };
}
