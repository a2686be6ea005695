import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { registerDiagramCommand, renderDiagramDocument } from '../../lib/cli/diagram';
import { CONTACT_FLOW_DOC_PATH, flowToMermaid, shorten } from '../../lib/flow/diagram';
import { exampleFlow } from './flow-fixtures';
import { captureCliOutput } from '../support/cli-output';

const flow = exampleFlow();

describe('the committed docs/contact-flow.md', () => {
  test('is what `cli diagram` generates from the current flow (run it and commit the result)', () => {
    expect(readFileSync(CONTACT_FLOW_DOC_PATH, 'utf8')).toBe(renderDiagramDocument());
  });
});

describe('flowToMermaid', () => {
  const mermaid = flowToMermaid(flow);
  const nodeIds = new Map(flow.Actions.map((action, index) => [action.Identifier, `a${index}`]));
  const id = (identifier: string): string => nodeIds.get(identifier) ?? 'missing';

  test('is a flowchart with one labelled block per action, entered at StartAction', () => {
    expect(mermaid.split('\n')[0]).toBe('flowchart TD');
    for (const action of flow.Actions) {
      expect(mermaid).toContain(`${id(action.Identifier)}`);
      expect(mermaid).toMatch(new RegExp(`${id(action.Identifier)}\\W+"<b>${action.Identifier}</b><br/>${action.Type}`));
    }
    expect(mermaid).toContain(`call --> ${id(flow.StartAction)}`);
  });

  test('draws every condition and error branch, labelled, errors dotted', () => {
    for (const action of flow.Actions) {
      for (const { Condition: condition, NextAction: target } of action.Transitions.Conditions ?? []) {
        expect(mermaid.split('\n')).toContain(`  ${id(action.Identifier)} -->|"= ${condition.Operands[0]}"| ${id(target)}`);
      }
      for (const { ErrorType: errorType, NextAction: target } of action.Transitions.Errors ?? []) {
        expect(mermaid).toMatch(new RegExp(`^  ${id(action.Identifier)} -\\.->\\|"[^"]*${errorType}[^"]*"\\| ${id(target)}$`, 'm'));
      }
    }
    expect(mermaid).toContain(
      `${id('transfer-to-staff')} -.->|"CallFailed / ConnectionTimeLimitExceeded / NoMatchingError"| ${id('record-transfer-failed')}`,
    );
  });

  test('shows texts shortened, the holiday name as {holidayName}, and no ARNs', () => {
    expect(mermaid).toMatch(/play-holiday<\/b><br\/>MessageParticipant<br\/>“…[^”]*\{holidayName\}[^”]*…”/);
    expect(mermaid).toContain('to +815098765432<br/>caller ID +815012345678');
    expect(mermaid).not.toContain('arn:');
  });

  test.each([
    ["本日は$.External.['holidayName']のため", '本日は{holidayName}のため'],
    ["本日は$['External']['holidayName']のため", '本日は{holidayName}のため'],
    ['本日は $.External.holidayName のため', '本日は {holidayName} のため'],
    // Glued to text, Connect may not fill it in: the diagram shows it as written.
    ['本日は$.External.holidayNameのため', '本日は$.External.holidayNameのため'],
  ])('shows %j as %j', (text, shown) => {
    const edited = {
      ...flow,
      Actions: flow.Actions.map((action) =>
        action.Identifier === 'play-holiday' ? { ...action, Parameters: { Text: text } } : action,
      ),
    };
    expect(flowToMermaid(edited)).toContain(`“${shown}”`);
  });

  test.each([
    ['short', 5, 'short'],
    ['お電話ありがとうございます', 5, 'お電話あ…'],
  ])('shorten(%s, %d)', (text, length, expected) => {
    expect(shorten(text, length)).toBe(expected);
    expect([...shorten(text, length)].length).toBeLessThanOrEqual(length);
  });
});

describe('cli diagram', () => {
  const { stdout } = captureCliOutput();

  async function run(...args: string[]): Promise<void> {
    const program = new Command().exitOverride();
    registerDiagramCommand(program);
    await program.parseAsync(['diagram', ...args], { from: 'user' });
  }

  test('--stdout prints the document', async () => {
    await run('--stdout');
    expect(stdout.join('')).toBe(renderDiagramDocument());
  });

  test('--out writes the document there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flow-diagram-'));
    try {
      const out = path.join(dir, 'nested', 'flow.md');
      await run('--out', out);
      expect(readFileSync(out, 'utf8')).toBe(renderDiagramDocument());
      expect(process.exitCode).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a bad config: exit code 1', async () => {
    await run('--stdout', '--config', 'no-such-config.json');
    expect(stdout).toEqual([]);
    expect(process.exitCode).toBe(1);
  });
});
