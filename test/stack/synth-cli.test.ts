import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** Run the CDK app the way `cdk synth` does: context in CDK_CONTEXT_JSON, output in CDK_OUTDIR. */
function synthesize(context: Record<string, string>) {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-out-'));
  const result = spawnSync(tsx, ['bin/app.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' },
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
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('the example configuration synthesizes with no credentials, cdk-nag clean', () => {
    const { status, stderr, outdir } = synthesize({ config: 'config/example.json', deployNonce: 'test' });
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
});
