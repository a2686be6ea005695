/**
 * What a menu and a queue cost the tools ops run before a call (synth renders and validates the flows; `simulate`
 * walks them), and how close the largest configuration comes to Connect's limits on a flow. The baseline is the
 * example site (no menu, external transfer), measured in the same run.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { validateSiteConfig } from '../lib/config/validate';
import type { SiteConfig } from '../lib/config/site-config';
import type { FlowDocument } from '../lib/flow/flow-document';
import { EXAMPLE_FLOW_REFS, renderContactFlow, renderCustomerQueueFlow } from '../lib/flow/render';
import { simulateCall } from '../lib/flow/simulate';
import { MAX_FLOW_ACTIONS, MAX_FLOW_CHARACTERS, validateContactFlow } from '../lib/flow/validate';

const EXAMPLE = JSON.parse(readFileSync(path.join(__dirname, '..', 'config', 'example.json'), 'utf8')) as Record<string, unknown>;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'];

/** Every key an announcement of 3,000 characters, a 3,000-character prompt, five retries, a queue: the largest flow. */
function largestMenuQueue(): SiteConfig {
  const { staffNumber: _unused, ...withoutStaff } = EXAMPLE;
  const text = 'あ'.repeat(3000);
  return validateSiteConfig({
    ...withoutStaff,
    announcements: { inHours: 'い'.repeat(2900) },
    menu: { prompt: text, options: Object.fromEntries(KEYS.map((key) => [key, { action: 'announcement', text, then: 'menu' }])), retries: 5 },
    routing: { queue: { name: 'support' } },
  });
}

function medianUs(count: number, run: () => void): number {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return Math.round((samples[Math.floor(samples.length / 2)] ?? Number.NaN) * 10) / 10;
}

interface FlowFigures {
  actions: number;
  characters: number;
  renderAndValidateMedianUs: number;
  simulatedCallMedianUs: number;
  promptsHeard: number;
}

function figures(config: SiteConfig, presses: readonly string[]): FlowFigures {
  const render = (): FlowDocument[] => {
    const inbound = renderContactFlow(config, EXAMPLE_FLOW_REFS);
    const queue = renderCustomerQueueFlow(config, EXAMPLE_FLOW_REFS);
    const problems = [...validateContactFlow(inbound), ...(queue === undefined ? [] : validateContactFlow(queue, { flowType: 'CUSTOMER_QUEUE' }))];
    if (problems.length > 0) throw new Error(`the bench flow is not valid: ${JSON.stringify(problems[0])}`);
    return queue === undefined ? [inbound] : [inbound, queue];
  };
  const [inbound, queueFlow] = render() as [FlowDocument, FlowDocument | undefined];
  const at = new Date('2026-11-24T10:00:00+09:00');
  const call = () => simulateCall(inbound, { at, config, presses, queuePosition: 3, ...(queueFlow === undefined ? {} : { queueFlow }) });
  const heard = call().prompts.length;
  return {
    actions: inbound.Actions.length,
    characters: JSON.stringify(inbound).length,
    renderAndValidateMedianUs: medianUs(50, () => void render()),
    simulatedCallMedianUs: medianUs(200, () => void call()),
    promptsHeard: heard,
  };
}

/** The example site against the largest menu-and-queue site, in one run. */
export function benchFlows(): { example: FlowFigures; largestMenuQueue: FlowFigures; limits: { actions: number; characters: number } } {
  return {
    example: figures(validateSiteConfig(EXAMPLE), []),
    // Every key is an option here: two announcements (back to the menu each time), then no key, into the queue.
    largestMenuQueue: figures(largestMenuQueue(), ['2', '3', 'none']),
    limits: { actions: MAX_FLOW_ACTIONS, characters: MAX_FLOW_CHARACTERS },
  };
}
