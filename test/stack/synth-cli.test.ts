import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { cdkContext } from '../support/cdk-context';

const root = path.join(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** Run the CDK app the way `cdk synth` does: context in CDK_CONTEXT_JSON, output in CDK_OUTDIR. */
function synthesize(context: Record<string, string>) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-out-'));
  const result = spawnSync(tsx, ['bin/app.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(cdkContext(context)), CDK_OUTDIR: outdir, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' },
  });
  return { ...result, outdir };
}

describe('the CDK app', () => {
  test('a configuration with five mistakes fails synth naming all five, and builds nothing', () => {
    const { status, stderr, outdir } = synthesize({ config: 'test/fixtures/configs/five-mistakes.json' });
    try {
      expect(status).not.toBe(0);
      expect(stderr).toMatch(/has 5 problems/);
      expect(stderr).toContain('- phoneNumber: got "050-1234-56"');
      expect(stderr).toContain('- timeZone: got "Asia/Tokio"');
      expect(stderr).toContain('- businessHours.MONDAY[0].end: got "25:00"');
      expect(stderr).toContain('- voice: got {"name":"Mizuki","engine":"neural"}');
      expect(stderr).toContain('- alertEmails[0]: got "ops@"');
      expect(() => readFileSync(path.join(outdir, 'manifest.json'))).toThrow();
      // The list, and nothing but the list: no stack trace around it.
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).not.toMatch(/SiteConfigError/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the example configuration synthesizes with no credentials, cdk-nag clean', () => {
    const { status, stderr, outdir } = synthesize({ config: 'config/example.json' });
    try {
      expect(stderr).not.toMatch(/AwsSolutions-/);
      expect(status).toBe(0);
      const template = JSON.parse(
        readFileSync(path.join(outdir, 'ConnectAfterHours-example-support.template.json'), 'utf8'),
      ) as { Resources: Record<string, { Type: string }> };
      const types = Object.values(template.Resources).map((resource) => resource.Type);
      expect(types).toEqual(expect.arrayContaining(['AWS::Connect::ContactFlow', 'AWS::Scheduler::Schedule', 'AWS::S3::Bucket']));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('two synths of the same configuration write byte-identical templates, tagged with the site', () => {
    const templates = [0, 1].map(() => {
      const { status, outdir } = synthesize({ config: 'config/example.json' });
      try {
        expect(status).toBe(0);
        return readFileSync(path.join(outdir, 'ConnectAfterHours-example-support.template.json'), 'utf8');
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    });
    expect(templates[1]).toBe(templates[0]);
    const bucket = Object.values((JSON.parse(templates[0] ?? '{}') as { Resources: Record<string, { Type: string; Properties: { Tags?: unknown[] } }> }).Resources).find(
      (resource) => resource.Type === 'AWS::S3::Bucket',
    );
    expect(bucket?.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'ManagedBy', Value: 'connect-after-hours' },
        { Key: 'Site', Value: 'example-support' },
      ]),
    );
  });

  test('a configuration that deploys but needs attention synthesizes with its warnings recorded', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'synth-warning-'));
    const configFile = path.join(scratch, 'mobile-staff.json');
    const example = JSON.parse(readFileSync(path.join(root, 'config', 'example.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(configFile, JSON.stringify({ ...example, $schema: undefined, staffNumber: '090-1234-5678' }));
    const { status, outdir } = synthesize({ config: configFile });
    try {
      expect(status).toBe(0);
      // CDK records annotations beside the template (manifest or metadata file); the CLI prints them as warnings.
      const recorded = readdirSync(outdir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => readFileSync(path.join(outdir, name), 'utf8'))
        .join('\n');
      expect(recorded).toContain('staffNumber: +819012345678 is a Japanese mobile number');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
