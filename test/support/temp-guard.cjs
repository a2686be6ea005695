'use strict';
/**
 * Jest global setup and teardown: tests leave nothing behind in the temp directory. Setup notes what is there;
 * teardown fails the run if a folder a test creates (or a CDK App's default `cdk.out*` bundle folder, tens of MB
 * each) is still there afterwards.
 */
const { readdirSync } = require('node:fs');
const { tmpdir } = require('node:os');

/** Prefixes of the temp folders the tests and the CDK create. */
const PREFIXES = ['hostile-calendars-', 'cdk.out', 'cdk-out-', 'stack-test-', 'local-s3-', 'cli-holidays-', 'config-mistakes-', 'synth-warning-', 'flow-diagram-', 'overrides-cli-'];

function ours() {
  return readdirSync(tmpdir()).filter((name) => PREFIXES.some((prefix) => name.startsWith(prefix)));
}

module.exports = {
  setup() {
    globalThis.__tempBefore = new Set(ours());
  },
  teardown() {
    const before = globalThis.__tempBefore ?? new Set();
    const left = ours().filter((name) => !before.has(name));
    if (left.length > 0) {
      throw new Error(`tests left ${left.length} folder(s) in ${tmpdir()}: ${left.slice(0, 10).join(', ')}`);
    }
  },
};
