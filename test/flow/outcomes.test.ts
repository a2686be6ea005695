import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readFlowTemplate, CUSTOMER_QUEUE_FLOW_TEMPLATE, AFTER_HOURS_FLOW_TEMPLATE } from '../../lib/flow/render';
import { CALL_OUTCOMES, LIVE_OPENING_ATTRIBUTE, menuChoseAttribute, OUTCOME_ATTRIBUTE } from '../../lib/flow/outcomes';
import { MENU_KEYS } from '../../lib/config/schema';
import type { FlowAction, FlowDocument } from '../../lib/flow/flow-document';

function recordBlocks(flow: FlowDocument): FlowAction[] {
  return flow.Actions.filter((action) => action.Type === 'UpdateContactAttributes');
}

describe('the outcomes the templates record', () => {
  const templates: Array<[string, FlowDocument]> = [
    ['after-hours.json', readFlowTemplate(AFTER_HOURS_FLOW_TEMPLATE)],
    ['customer-queue.json', readFlowTemplate(CUSTOMER_QUEUE_FLOW_TEMPLATE)],
  ];

  test.each(templates)('%s writes only the documented attributes and outcome values', (_name, flow) => {
    const written = recordBlocks(flow).map((action) => action.Parameters.Attributes as Record<string, string>);
    expect(written.length).toBeGreaterThan(0);
    for (const attributes of written) {
      for (const key of Object.keys(attributes)) expect([OUTCOME_ATTRIBUTE, LIVE_OPENING_ATTRIBUTE]).toContain(key);
      if (OUTCOME_ATTRIBUTE in attributes) expect(Object.keys(CALL_OUTCOMES)).toContain(attributes[OUTCOME_ATTRIBUTE]);
      else expect(attributes).toEqual({ [LIVE_OPENING_ATTRIBUTE]: 'true' });
    }
  });

  test('the README documents every outcome value', () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const value of Object.keys(CALL_OUTCOMES)) expect(readme).toContain(`\`${value}\`: ${CALL_OUTCOMES[value as keyof typeof CALL_OUTCOMES]}`);
  });

  test('every closed answer and every way to staff records before the caller hears anything', () => {
    const flow = readFlowTemplate(AFTER_HOURS_FLOW_TEMPLATE);
    const byId = new Map(flow.Actions.map((action) => [action.Identifier, action]));
    for (const spoken of ['play-in-hours', 'play-emergency', 'play-holiday', 'play-closure', 'play-after-hours', 'play-transfer-failed', 'play-queue-full', 'play-queue-closed']) {
      // Every block that leads to the announcement is the matching record block.
      const into = flow.Actions.filter((action) =>
        [action.Transitions.NextAction, ...(action.Transitions.Errors ?? []).map((e) => e.NextAction), ...(action.Transitions.Conditions ?? []).map((c) => c.NextAction)].includes(spoken),
      );
      expect(into.length).toBeGreaterThan(0);
      for (const action of into) expect(action.Type).toBe('UpdateContactAttributes');
    }
    for (const staff of ['transfer-to-staff', 'transfer-to-queue']) {
      const into = flow.Actions.filter((action) => action.Transitions.NextAction === staff);
      expect(into.map((action) => action.Type)).toEqual(['UpdateContactAttributes']);
    }
    expect(byId.get('record-transferred')?.Parameters.Attributes).toEqual({ outcome: 'transferred' });
    expect(byId.get('record-queued')?.Parameters.Attributes).toEqual({ outcome: 'queued' });
  });

  test.each(MENU_KEYS.map((key) => [key]))('the attribute for key %s is a name Connect accepts', (key) => {
    expect(menuChoseAttribute(key)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test('no two keys share an attribute', () => {
    expect(new Set(MENU_KEYS.map(menuChoseAttribute)).size).toBe(MENU_KEYS.length);
  });
});
