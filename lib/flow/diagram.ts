/**
 * The contact flow drawn for people: a Mermaid flowchart generated from the rendered flow JSON, so the picture in
 * the README is the flow that deploys. `npm run -s cli -- diagram` writes it to `docs/contact-flow.md`, and a test
 * fails when the committed file and the flow disagree.
 */
import * as path from 'node:path';
import { fillAttributeReferences } from './attribute-references';
import type { FlowAction, FlowDocument } from './flow-document';

/** Where the generated description of the flow lives. */
export const CONTACT_FLOW_DOC_PATH = path.join(__dirname, '..', '..', 'docs', 'contact-flow.md');

/** Longest text shown inside a block before it is shortened. */
export const DIAGRAM_TEXT_LENGTH = 40;

/** `text` cut to `length` characters, with an ellipsis when cut. */
export function shorten(text: string, length: number = DIAGRAM_TEXT_LENGTH): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}

// Mermaid reads quotes, angle brackets and `#` inside labels; entity codes keep announcement text literal.
function escapeLabel(text: string): string {
  return text
    .replaceAll('#', '#35;')
    .replaceAll('"', '#quot;')
    .replaceAll('<', '#lt;')
    .replaceAll('>', '#gt;')
    .replaceAll('|', '#124;');
}

function parameter(action: FlowAction, name: string): string {
  const value = action.Parameters[name];
  return typeof value === 'string' ? value : '';
}

/** What the drawing knows besides the flow. */
export interface DiagramOptions {
  /** The closed days are synced into the hours' overrides: the hours check knows them (the second line). @default false */
  readonly hoursOverrides?: boolean;
}

/** The short description inside a block: what the block does, without ARNs. */
function describeAction(action: FlowAction, commonOpenings: ReadonlySet<string>, options: DiagramOptions): string {
  switch (action.Type) {
    case 'UpdateFlowLoggingBehavior':
      return `flow logs ${parameter(action, 'FlowLoggingBehavior')}`;
    case 'UpdateContactTextToSpeechVoice':
      return `voice ${parameter(action, 'TextToSpeechVoice')} ${parameter(action, 'TextToSpeechEngine')}`.trim();
    case 'InvokeLambdaFunction':
      return `checker Lambda, wait ≤ ${parameter(action, 'InvocationTimeLimitSeconds')} s`;
    case 'Compare':
      return parameter(action, 'ComparisonValue');
    case 'CheckHoursOfOperation':
      return options.hoursOverrides === true ? 'weekly hours + closed-day overrides' : 'hours of operation';
    case 'MessageParticipant':
      return `“${shorten(spokenGist(describeFull(action), commonOpenings))}”`;
    case 'TransferParticipantToThirdParty': {
      const callerId = (action.Parameters.CallerId as { Number?: unknown } | undefined)?.Number;
      return [
        `to ${parameter(action, 'ThirdPartyPhoneNumber')}`,
        typeof callerId === 'string' ? `caller ID ${callerId}` : 'caller ID: the caller',
        `ring ≤ ${parameter(action, 'ThirdPartyConnectionTimeLimitSeconds')} s`,
      ].join('<br/>');
    }
    case 'DisconnectParticipant':
      return 'hang up';
    default:
      return '';
  }
}

/** The first sentence of each announcement (up to `。`). */
function openingSentence(text: string): string {
  const end = text.indexOf('。');
  return end === -1 ? '' : text.slice(0, end + 1);
}

// Announcements tend to open with the same courtesy (お電話ありがとうございます。); in a block that small, the
// sentence after it is what tells the blocks apart.
function sharedOpenings(flow: FlowDocument): ReadonlySet<string> {
  const counts = new Map<string, number>();
  for (const action of flow.Actions) {
    if (action.Type !== 'MessageParticipant') continue;
    const opening = openingSentence(withNamedChecks(describeFull(action)));
    if (opening !== '') counts.set(opening, (counts.get(opening) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, count]) => count > 1).map(([opening]) => opening));
}

/**
 * Each checker value Connect fills in as `{key}` (`{holidayName}`), the notation of the announcements in the site
 * config. Only the references Connect fills in (the ones the validator accepts) are renamed.
 */
function withNamedChecks(text: string): string {
  return fillAttributeReferences(text, (reference) => {
    const [root, key] = reference.path;
    return root === 'External' && key !== undefined && reference.path.length === 2 ? `{${key}}` : reference.text;
  });
}

/** An announcement as the diagram shows it: without a shared opening, the checker's name as `{holidayName}`. */
function spokenGist(text: string, commonOpenings: ReadonlySet<string>): string {
  const named = withNamedChecks(text);
  const opening = openingSentence(named);
  return commonOpenings.has(opening) && opening.length < named.length ? `…${named.slice(opening.length)}` : named;
}

function nodeShape(type: string, label: string): string {
  switch (type) {
    case 'Compare':
    case 'CheckHoursOfOperation':
      return `{"${label}"}`;
    case 'MessageParticipant':
      return `("${label}")`;
    case 'TransferParticipantToThirdParty':
      return `[["${label}"]]`;
    case 'DisconnectParticipant':
      return `(["${label}"])`;
    default:
      return `["${label}"]`;
  }
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly error: boolean;
  readonly labels: string[];
}

/** The flow as a Mermaid `flowchart`: one block per action, solid arrows for results, dotted ones for errors. */
export function flowToMermaid(flow: FlowDocument, options: DiagramOptions = {}): string {
  const ids = new Map(flow.Actions.map((action, index) => [action.Identifier, `a${index}`]));
  const idOf = (identifier: string): string => ids.get(identifier) ?? `missing_${ids.size}`;
  const commonOpenings = sharedOpenings(flow);
  const lines = ['flowchart TD', '  call(["📞 incoming call"])'];
  for (const action of flow.Actions) {
    const description = describeAction(action, commonOpenings, options);
    const label = [`<b>${escapeLabel(action.Identifier)}</b>`, escapeLabel(action.Type)]
      .concat(description === '' ? [] : [escapeLabel(description).replaceAll('#lt;br/#gt;', '<br/>')])
      .join('<br/>');
    lines.push(`  ${idOf(action.Identifier)}${nodeShape(action.Type, label)}`);
  }
  lines.push(`  call --> ${idOf(flow.StartAction)}`);

  // One arrow per (from, to, kind), labelled with every branch it stands for, so parallel errors read as one.
  const edges: Edge[] = [];
  const addEdge = (from: string, to: string, error: boolean, label: string): void => {
    const existing = edges.find((edge) => edge.from === from && edge.to === to && edge.error === error);
    if (existing === undefined) edges.push({ from, to, error, labels: label === '' ? [] : [label] });
    else if (label !== '' && !existing.labels.includes(label)) existing.labels.push(label);
  };
  for (const action of flow.Actions) {
    const { NextAction: next, Conditions: conditions = [], Errors: errors = [] } = action.Transitions;
    for (const { Condition: condition, NextAction: target } of conditions) {
      const operator = condition.Operator === 'Equals' ? '=' : condition.Operator;
      addEdge(action.Identifier, target, false, `${operator} ${condition.Operands.join(', ')}`);
    }
    // Connect never follows NextAction on a block with conditions (no match is an error), so it is not drawn.
    if (next !== undefined && conditions.length === 0) addEdge(action.Identifier, next, false, '');
    for (const { ErrorType: errorType, NextAction: target } of errors) addEdge(action.Identifier, target, true, errorType);
  }
  for (const edge of edges) {
    const arrow = edge.error ? '-.->' : '-->';
    const label = edge.labels.length === 0 ? '' : `|"${escapeLabel(edge.labels.join(' / '))}"|`;
    lines.push(`  ${idOf(edge.from)} ${arrow}${label} ${idOf(edge.to)}`);
  }
  if (options.hoursOverrides === true) {
    // The second line: what feeds the hours check, so a failing checker still meets every closed day there.
    lines.push('  overrides[/"🗓 closed days as Connect overrides<br/>synced from the holiday list<br/>(after each change, daily, on deploy)"/]');
    for (const action of flow.Actions.filter((candidate) => candidate.Type === 'CheckHoursOfOperation')) {
      lines.push(`  overrides -.->|"knows every closed day"| ${idOf(action.Identifier)}`);
    }
  }
  return lines.join('\n');
}

function tableCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/**
 * The whole `docs/contact-flow.md`: the diagram and every text callers can hear, in full. `source` says which site
 * configuration rendered the flow, for the reader.
 */
export function contactFlowMarkdown(flow: FlowDocument, source: string, options: DiagramOptions = {}): string {
  const spoken = flow.Actions.filter((action) => action.Type === 'MessageParticipant');
  return [
    '# The contact flow',
    '',
    `<!-- Generated by \`npm run -s cli -- diagram\` from contact-flows/after-hours.json rendered with ${source}.`,
    '     Do not edit by hand: a test fails when this file and the flow disagree. -->',
    '',
    'Solid arrows are results (conditions are labelled); dotted arrows are error branches. Every error of every block',
    'goes somewhere deliberate.',
    ...(options.hoursOverrides === true
      ? [
          '',
          'The hours check answers from the weekly hours plus every closed day, which the override sync keeps in Connect as',
          'hours-of-operation overrides: when the checker fails, a closed day still ends in the after-hours announcement.',
        ]
      : []),
    '',
    '```mermaid',
    flowToMermaid(flow, options),
    '```',
    '',
    '## What callers hear',
    '',
    '`$.External.holidayName` is the checker’s name for the day (e.g. 勤労感謝の日, 年末年始), read out at call time. The',
    'space on each side tells Connect where the reference ends (see “What Connect reads” in the README).',
    '',
    '| Block | Text |',
    '| --- | --- |',
    ...spoken.map((action) => `| ${tableCell(action.Identifier)} | ${tableCell(describeFull(action))} |`),
    '',
  ].join('\n');
}

function describeFull(action: FlowAction): string {
  return parameter(action, 'Text') || parameter(action, 'SSML') || parameter(action, 'PromptId');
}
