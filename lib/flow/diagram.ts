/**
 * The contact flow drawn for people: a Mermaid flowchart generated from the rendered flow JSON, so the picture in
 * the README is the flow that deploys. `npm run -s cli -- diagram` writes it to `docs/contact-flow.md`, and a test
 * fails when the committed file and the flow disagree. A queue-routed site gets a second chart, the customer-queue
 * flow its callers hear while they wait.
 */
import * as path from 'node:path';
import { fillAttributeReferences } from './attribute-references';
import type { FlowAction, FlowDocument } from './flow-document';
import { ssmlText } from './ssml';
import { CALL_OUTCOMES, LIVE_OPENING_ATTRIBUTE, LIVE_OPENING_MEANING, MENU_CHOICE_ATTRIBUTE, MENU_CHOICE_MEANINGS, menuChoseAttribute, OUTCOME_ATTRIBUTE } from './outcomes';
import { POSITION_IN_QUEUE_PATH } from './render';

/** Where the generated description of the flow lives. */
export const CONTACT_FLOW_DOC_PATH = path.join(__dirname, '..', '..', 'docs', 'contact-flow.md');

/** Longest text shown inside a block before it is shortened. */
export const DIAGRAM_TEXT_LENGTH = 40;

/** `text` cut to `length` characters, with an ellipsis when cut. */
export function shorten(text: string, length: number = DIAGRAM_TEXT_LENGTH): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}

// Mermaid reads quotes, angle brackets and `#` inside labels, and the label is HTML (`&lt;` would show as `<`);
// entity codes keep announcement text literal.
function escapeLabel(text: string): string {
  return text
    .replaceAll('#', '#35;')
    .replaceAll('&', '#amp;')
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
  /** The name of the queue the flow puts callers in (the flow itself holds only its ARN). @default "the staff queue" */
  readonly queueName?: string;
  /**
   * The customer-queue flow callers hear while they wait (queue-routed sites): {@link contactFlowMarkdown} draws it
   * as a second chart and lists its texts with the others. @default none
   */
  readonly customerQueueFlow?: FlowDocument;
}

/** What a block shows for an audio prompt: the prompt's ARN says nothing to a reader. */
export const PROMPT_LABEL = '[prompt]';

function attributesOf(action: FlowAction): Array<[name: string, value: string]> {
  const attributes = action.Parameters.Attributes;
  if (typeof attributes !== 'object' || attributes === null) return [];
  return Object.entries(attributes).map(([name, value]): [string, string] => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
}

/** Each message a block speaks or plays, as a reader should see it: SSML without its tags, a prompt as `[prompt]`. */
function messageText(message: unknown): string {
  if (typeof message !== 'object' || message === null) return '';
  const { Text: text, SSML: ssml, PromptId: promptId } = message as Record<string, unknown>;
  if (typeof text === 'string' && text !== '') return text;
  if (typeof ssml === 'string' && ssml !== '') return withoutSsmlTags(ssml);
  return typeof promptId === 'string' && promptId !== '' ? PROMPT_LABEL : '';
}

function withoutSsmlTags(ssml: string): string {
  return ssmlText(ssml).replace(/\s+/gu, ' ').trim();
}

/** The messages of a MessageParticipantIteratively block, in the order they play. */
function iteratedMessages(action: FlowAction): string[] {
  const messages = action.Parameters.Messages;
  return Array.isArray(messages) ? messages.map(messageText).filter((text) => text !== '') : [];
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
      return quoted(spokenGist(describeFull(action), commonOpenings));
    case 'GetParticipantInput':
      return `menu: ${quoted(withNamedChecks(describeFull(action)))}<br/>wait ≤ ${parameter(action, 'InputTimeLimitSeconds')} s for a key`;
    case 'MessageParticipantIteratively': {
      const messages = iteratedMessages(action).map((text) => quoted(withNamedChecks(text)));
      return `hold: ${messages.join(' then ')}, repeating, every ${parameter(action, 'InterruptFrequencySeconds')} s`;
    }
    case 'UpdateContactAttributes':
      return attributesOf(action)
        .map(([name, value]) => `${name} = ${value}`)
        .join('<br/>');
    case 'UpdateContactTargetQueue':
      return `queue: ${options.queueName ?? 'the staff queue'}`;
    case 'UpdateContactEventHooks':
      return `while waiting: ${Object.keys((action.Parameters.EventHooks as Record<string, unknown> | undefined) ?? {})
        .map((hook) => (hook === 'CustomerQueue' ? 'customer-queue flow' : hook))
        .join(', ')}`;
    case 'TransferContactToQueue':
      return 'into the queue';
    case 'GetMetricData':
      return 'load queue metrics';
    case 'EndFlowExecution':
      return 'end the queue flow';
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

/** A spoken text in a block, shortened; a prompt stays `[prompt]`. */
function quoted(text: string): string {
  return text === PROMPT_LABEL ? text : `“${shorten(text)}”`;
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
 * Each checker value Connect fills in as `{key}` (`{holidayName}`), and the caller's place in the queue as
 * `{position}`: the notation of the texts in the site config. Only the references Connect fills in (the ones the
 * validator accepts) are renamed.
 */
function withNamedChecks(text: string): string {
  return fillAttributeReferences(text, (reference) => {
    const [root, key] = reference.path;
    if (`$.${reference.path.join('.')}` === POSITION_IN_QUEUE_PATH) return '{position}';
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
    // A decision too, but the caller's: a hexagon sets it apart from the checks the flow makes on its own.
    case 'GetParticipantInput':
      return `{{"${label}"}}`;
    case 'MessageParticipant':
    case 'MessageParticipantIteratively':
      return `("${label}")`;
    case 'TransferParticipantToThirdParty':
    case 'TransferContactToQueue':
      return `[["${label}"]]`;
    case 'DisconnectParticipant':
    case 'EndFlowExecution':
      return `(["${label}"])`;
    default:
      return `["${label}"]`;
  }
}

const OPERATOR_SYMBOLS: Readonly<Record<string, string>> = {
  Equals: '=',
  NumberGreaterThan: '>',
  NumberLessThan: '<',
  NumberGreaterOrEqualTo: '≥',
  NumberLessOrEqualTo: '≤',
};

/**
 * The menus asked again after an unknown key: chains of two or more GetParticipantInput blocks, each one's
 * NoMatchingCondition leading to the next, first attempt first.
 */
function retryChains(flow: FlowDocument): FlowAction[][] {
  const inputs = new Map(flow.Actions.filter((action) => action.Type === 'GetParticipantInput').map((action) => [action.Identifier, action]));
  const retryOf = (action: FlowAction): FlowAction | undefined => {
    const target = action.Transitions.Errors?.find((error) => error.ErrorType === 'NoMatchingCondition')?.NextAction;
    return target === undefined || target === action.Identifier ? undefined : inputs.get(target);
  };
  const retried = new Set([...inputs.values()].map((action) => retryOf(action)?.Identifier));
  const chains: FlowAction[][] = [];
  for (const first of inputs.values()) {
    if (retried.has(first.Identifier)) continue;
    const chain = [first];
    for (let next = retryOf(first); next !== undefined && !chain.includes(next); next = retryOf(next)) chain.push(next);
    if (chain.length > 1) chains.push(chain);
  }
  return chains;
}

interface Edge {
  /** Mermaid node ids. */
  readonly from: string;
  readonly to: string;
  readonly error: boolean;
  readonly labels: string[];
}

/**
 * Arrows every attempt of a menu has alike (the keys, no key) leave the menu's box once; what differs between the
 * attempts (an unknown key: the next attempt, or the end of the retries) stays on each attempt.
 */
function liftSharedEdges(edges: readonly Edge[], members: readonly string[], box: string): Edge[] {
  const sameAs = (edge: Edge) => (other: Edge) =>
    other.to === edge.to && other.error === edge.error && other.labels.join('\n') === edge.labels.join('\n');
  const shared = edges.filter(
    (edge) =>
      edge.from === members[0] &&
      !members.includes(edge.to) &&
      members.every((member) => edges.some((other) => other.from === member && sameAs(edge)(other))),
  );
  const lifted = edges.filter((edge) => !(members.includes(edge.from) && shared.some((candidate) => sameAs(candidate)(edge))));
  return [...lifted, ...shared.map((edge) => ({ ...edge, from: box }))];
}

/**
 * The flow as a Mermaid `flowchart`: one block per action, solid arrows for results, dotted ones for errors. The
 * attempts of a menu share a box.
 */
export function flowToMermaid(flow: FlowDocument, options: DiagramOptions = {}): string {
  return flowchart(flow, options, '📞 incoming call');
}

/** The customer-queue flow as a Mermaid `flowchart`, drawn as {@link flowToMermaid} draws the inbound flow. */
export function customerQueueFlowToMermaid(flow: FlowDocument, options: DiagramOptions = {}): string {
  return flowchart(flow, options, '⏳ caller put in the queue');
}

function flowchart(flow: FlowDocument, options: DiagramOptions, entry: string): string {
  const ids = new Map(flow.Actions.map((action, index) => [action.Identifier, `a${index}`]));
  const idOf = (identifier: string): string => ids.get(identifier) ?? `missing_${ids.size}`;
  const commonOpenings = sharedOpenings(flow);
  // Not `call`: Mermaid reads `call ` as the start of a click callback, and `call --> a0` no longer parses.
  const lines = ['flowchart TD', `  newcall(["${entry}"])`];
  for (const action of flow.Actions) {
    const description = describeAction(action, commonOpenings, options);
    const label = [`<b>${escapeLabel(action.Identifier)}</b>`, escapeLabel(action.Type)]
      .concat(description === '' ? [] : [escapeLabel(description).replaceAll('#lt;br/#gt;', '<br/>')])
      .join('<br/>');
    lines.push(`  ${idOf(action.Identifier)}${nodeShape(action.Type, label)}`);
  }
  lines.push(`  newcall --> ${idOf(flow.StartAction)}`);

  // One arrow per (from, to, kind), labelled with every branch it stands for, so parallel errors read as one.
  let edges: Edge[] = [];
  const addEdge = (from: string, to: string, error: boolean, label: string): void => {
    const existing = edges.find((edge) => edge.from === from && edge.to === to && edge.error === error);
    if (existing === undefined) edges.push({ from, to, error, labels: label === '' ? [] : [label] });
    else if (label !== '' && !existing.labels.includes(label)) existing.labels.push(label);
  };
  for (const action of flow.Actions) {
    const from = idOf(action.Identifier);
    const { NextAction: next, Conditions: conditions = [], Errors: errors = [] } = action.Transitions;
    for (const { Condition: condition, NextAction: target } of conditions) {
      const operator = OPERATOR_SYMBOLS[condition.Operator] ?? condition.Operator;
      addEdge(from, idOf(target), false, `${operator} ${condition.Operands.join(', ')}`);
    }
    // Connect never follows NextAction on a block with conditions (no match is an error), so it is not drawn.
    // A successful TransferContactToQueue ends the inbound flow (the customer-queue flow takes over); exports still carry
    // a NextAction, so it is drawn, labelled for what it is.
    if (next !== undefined && conditions.length === 0) addEdge(from, idOf(next), false, action.Type === 'TransferContactToQueue' ? 'once out of the queue' : '');
    for (const { ErrorType: errorType, NextAction: target } of errors) addEdge(from, idOf(target), true, errorType);
  }
  retryChains(flow).forEach((chain, index) => {
    const box = `attempts${index}`;
    const members = chain.map((action) => idOf(action.Identifier));
    const [first, last] = [chain[0]?.Identifier ?? '', chain[chain.length - 1]?.Identifier ?? ''];
    const title = `${first} … ${last}: ${chain.length} attempts, an unknown key asks again`;
    lines.push(`  subgraph ${box} ["${escapeLabel(title)}"]`, ...members.map((member) => `    ${member}`), '  end');
    edges = liftSharedEdges(edges, members, box);
  });
  for (const edge of edges) {
    const arrow = edge.error ? '-.->' : '-->';
    const label = edge.labels.length === 0 ? '' : `|"${escapeLabel(edge.labels.join(' / '))}"|`;
    lines.push(`  ${edge.from} ${arrow}${label} ${edge.to}`);
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

/** A flow as the document names its blocks: the customer-queue flow's carry a suffix, as both flows have a `play-queue-closed`. */
interface NamedFlow {
  readonly flow: FlowDocument;
  readonly suffix: string;
}

const QUEUE_FLOW_SUFFIX = ' (queue flow)';

/** Every text callers can hear in a block, whole: announcements, menu prompts, hold messages. */
function heardTexts(action: FlowAction): string[] {
  switch (action.Type) {
    case 'MessageParticipant':
    case 'GetParticipantInput':
      return [describeFull(action)].filter((text) => text !== '');
    case 'MessageParticipantIteratively':
      return iteratedMessages(action);
    default:
      return [];
  }
}

/** Rows of `| blocks | value |`, one per distinct value, the blocks that share it named together (a menu's attempts). */
function groupedRows(entries: ReadonlyArray<readonly [block: string, value: string]>): Array<[blocks: string[], value: string]> {
  const rows = new Map<string, string[]>();
  for (const [block, value] of entries) {
    const blocks = rows.get(value) ?? [];
    if (!blocks.includes(block)) blocks.push(block);
    rows.set(value, blocks);
  }
  return [...rows].map(([value, blocks]) => [blocks, value]);
}

function heardRows(flows: readonly NamedFlow[]): string[] {
  const entries = flows.flatMap(({ flow, suffix }) =>
    flow.Actions.flatMap((action) => heardTexts(action).map((text): [string, string] => [`${action.Identifier}${suffix}`, text])),
  );
  return groupedRows(entries).map(([blocks, text]) => `| ${tableCell(blocks.join(', '))} | ${tableCell(text)} |`);
}

function attributeMeaning(name: string, value: string, menuKeys: readonly string[]): string {
  if (name === OUTCOME_ATTRIBUTE) {
    return Object.hasOwn(CALL_OUTCOMES, value) ? CALL_OUTCOMES[value as keyof typeof CALL_OUTCOMES] : 'not described in lib/flow/outcomes.ts';
  }
  if (name === MENU_CHOICE_ATTRIBUTE) {
    return MENU_CHOICE_MEANINGS[value] ?? `the caller pressed ${value} (the last key accepted)`;
  }
  if (name === LIVE_OPENING_ATTRIBUTE) return LIVE_OPENING_MEANING;
  const key = menuKeys.find((candidate) => menuChoseAttribute(candidate) === name);
  return key === undefined ? '' : `the caller chose ${key} at least once, even if they went back to the menu`;
}

/** `| attribute | value | meaning | written by |` for every attribute a flow writes: outcomes first, in the order of {@link CALL_OUTCOMES}. */
function recordRows(flows: readonly NamedFlow[]): string[] {
  const writes = new Map<string, { name: string; value: string; blocks: string[] }>();
  for (const { flow, suffix } of flows) {
    for (const action of flow.Actions.filter((candidate) => candidate.Type === 'UpdateContactAttributes')) {
      for (const [name, value] of attributesOf(action)) {
        const key = JSON.stringify([name, value]);
        const write = writes.get(key) ?? { name, value, blocks: [] };
        write.blocks.push(`${action.Identifier}${suffix}`);
        writes.set(key, write);
      }
    }
  }
  const outcomeOrder = Object.keys(CALL_OUTCOMES);
  const rank = ({ name, value }: { name: string; value: string }): number => {
    if (name !== OUTCOME_ATTRIBUTE) return name === MENU_CHOICE_ATTRIBUTE ? outcomeOrder.length + 1 : outcomeOrder.length + 2;
    const index = outcomeOrder.indexOf(value);
    return index === -1 ? outcomeOrder.length : index;
  };
  const all = [...writes.values()];
  const menuKeys = all.filter(({ name }) => name === MENU_CHOICE_ATTRIBUTE).map(({ value }) => value);
  // A stable sort keeps the flow's order within a rank.
  return all
    .sort((a, b) => rank(a) - rank(b))
    .map(({ name, value, blocks }) => [name, value, attributeMeaning(name, value, menuKeys), blocks.join(', ')])
    .map((cells) => `| ${cells.map(tableCell).join(' | ')} |`);
}

/**
 * The whole `docs/contact-flow.md`: the diagram, the customer-queue flow's when given, every text callers can hear,
 * in full, and what each call records. `source` says which site configuration rendered the flow, for the reader.
 */
export function contactFlowMarkdown(flow: FlowDocument, source: string, options: DiagramOptions = {}): string {
  const queueFlow = options.customerQueueFlow;
  const flows: NamedFlow[] = [{ flow, suffix: '' }, ...(queueFlow === undefined ? [] : [{ flow: queueFlow, suffix: QUEUE_FLOW_SUFFIX }])];
  const records = recordRows(flows);
  return [
    '# The contact flow',
    '',
    queueFlow === undefined
      ? `<!-- Generated by \`npm run -s cli -- diagram\` from contact-flows/after-hours.json rendered with ${source}.`
      : `<!-- Generated by \`npm run -s cli -- diagram\` from contact-flows/after-hours.json and customer-queue.json rendered with ${source}.`,
    '     Do not edit by hand: a test fails when this file and the flow disagree. -->',
    '',
    'Solid arrows are results (conditions are labelled); dotted arrows are error branches. Every error of every block',
    'goes somewhere deliberate.',
    ...(retryChains(flow).length > 0
      ? ['', 'The menu’s attempts share a box: an unknown key asks again, and an arrow that leaves the box holds for every attempt.']
      : []),
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
    ...(queueFlow === undefined
      ? []
      : [
          '## While callers wait in the queue',
          '',
          'The customer-queue flow: Connect runs it from the moment the caller is in the queue until staff answer. At each',
          'interval shown on the hold block the hold message stops: while the hours last the caller hears their place again,',
          'after that an apology, and the call ends.',
          '',
          '```mermaid',
          customerQueueFlowToMermaid(queueFlow, options),
          '```',
          '',
        ]),
    '## What callers hear',
    '',
    '`$.External.holidayName` is the checker’s name for the day (e.g. 勤労感謝の日, 年末年始), read out at call time. The',
    'space on each side tells Connect where the reference ends (see “What Connect reads” in the README).',
    ...(queueFlow === undefined
      ? []
      : [
          '',
          `\`${POSITION_IN_QUEUE_PATH}\` is the caller’s place in the queue, which the queue flow loads just before saying it.`,
          `Blocks marked${QUEUE_FLOW_SUFFIX} belong to the customer-queue flow.`,
        ]),
    '',
    '| Block | Text |',
    '| --- | --- |',
    ...heardRows(flows),
    '',
    ...(records.length === 0
      ? []
      : [
          '## What each call records',
          '',
          'Each path writes these contact attributes before the caller hears what follows, so the last `outcome` written is',
          'the call’s outcome. Connect keeps them on the contact record, and contact search filters on them.',
          '',
          '| Attribute | Value | Meaning | Written by |',
          '| --- | --- | --- | --- |',
          ...records,
          '',
        ]),
  ].join('\n');
}

/** The text a block says, whole: its Text, its SSML without tags, or `[prompt]` for an audio prompt. */
function describeFull(action: FlowAction): string {
  return messageText(action.Parameters);
}
