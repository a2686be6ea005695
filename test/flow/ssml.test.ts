import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/load';
import { validateSiteConfig } from '../../lib/config/validate';
import { EXAMPLE_FLOW_REFS, renderCustomerQueueFlow } from '../../lib/flow/render';
import { simulateCall } from '../../lib/flow/simulate';
import { ssmlEscape, ssmlText } from '../../lib/flow/ssml';
import { validateContactFlow } from '../../lib/flow/validate';

describe('ssmlText: what a caller hears of SSML', () => {
  test.each([
    ['<speak>A &amp; B &lt; C &gt; D</speak>', 'A & B < C > D'],
    ['<speak>&quot;x&quot; &apos;y&apos;</speak>', `"x" 'y'`],
    ['<speak>&#12354;&#x3044;</speak>', 'あい'],
    ['<speak>keep &unknown; and &#xZZ; as written</speak>', 'keep &unknown; and &#xZZ; as written'],
    ['<speak>お待ちください。<break time="10s"/></speak>', 'お待ちください。'],
  ])('%s', (ssml, spoken) => {
    expect(ssmlText(ssml)).toBe(spoken);
  });
});

test.each(['A & B < C > D', '&amp; written out', 'お待ちください。', '<break time="1s"/>'])('ssmlEscape then ssmlText gives back %j', (text) => {
  expect(ssmlText(`<speak>${ssmlEscape(text)}</speak>`)).toBe(text);
});

describe('a hold text with & < >', () => {
  const example = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as Record<string, unknown>;
  const { staffNumber: _unused, ...withoutStaff } = example;
  const siteWith = (holdText: string) => validateSiteConfig({ ...withoutStaff, routing: { queue: { name: 'support', holdText } } });

  test('1,000 ampersands pass the config and the flow validator (an entity is one billed character)', () => {
    const flow = renderCustomerQueueFlow(siteWith('&'.repeat(1000)), EXAMPLE_FLOW_REFS);
    expect(validateContactFlow(flow, { flowType: 'CUSTOMER_QUEUE' })).toEqual([]);
  });

  test('a text of 2,990 characters and three ampersands is within the 3,000 billed characters', () => {
    const flow = renderCustomerQueueFlow(siteWith(`${'あ'.repeat(2990)}&&&`), EXAMPLE_FLOW_REFS);
    expect(validateContactFlow(flow, { flowType: 'CUSTOMER_QUEUE' })).toEqual([]);
  });

  test('the simulator says the characters, not their escapes', () => {
    const config = siteWith('A & B < C');
    const flow = renderCustomerQueueFlow(config, EXAMPLE_FLOW_REFS);
    if (flow === undefined) throw new Error('no queue flow');
    const call = simulateCall(flow, { at: new Date('2026-11-24T10:00:00+09:00'), config, queuePosition: 2 });
    expect(call.prompts).toContain('A & B < C');
  });
});
