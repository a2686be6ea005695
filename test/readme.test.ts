import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('README', () => {
  test('embeds the diagram generated from the deployed flow', () => {
    const doc = readFileSync(path.join(root, 'docs', 'contact-flow.md'), 'utf8');
    const mermaid = /```mermaid\n[\s\S]*?```\n/.exec(doc)?.[0];
    expect(mermaid).toBeDefined();
    expect(readme).toContain(mermaid);
  });

  test('shows the week table the simulator prints today', () => {
    const result = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['bin/cli.ts', 'simulate', '--week', '2026-12-28', '--calendar', 'test/fixtures/calendars/google-2025-2027.ics'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(readme).toContain(result.stdout.trimEnd());
  });

  test('quick start is the two commands CI runs', () => {
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm test');
    expect(readFileSync(path.join(root, '.ci', 'run'), 'utf8')).toMatch(/npm ci[^\n]*\nnpm test\n/);
  });
});
