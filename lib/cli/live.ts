/**
 * The commands ops run on the live line, with their own AWS credentials against the deployed stack (found from its
 * outputs by `--config`), or against a local file with `--store <file>` for trying things out:
 *
 *   close --from <instant> --until <instant> --reason <text>     open ... (same options)
 *   overrides-list [--all]     clear <id>     status [--at <instant>]
 *
 * Every change goes through the shared document rules (`lambda/shared/live-overrides.ts`) and a conditional write;
 * every answer about calls comes from the same flow walk and checker rule the Lambdas use.
 */
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { HolidayList, HolidayListFormatError, parseHolidayList } from '../../lambda/shared/holiday-list';
import { liveChangeNotice, overrideLine } from '../../lambda/shared/live-change-notice';
import {
  addLiveOverride,
  clearLiveOverride,
  inForce,
  LIVE_OVERRIDES_KEY,
  LiveOverride,
  LiveOverrideKind,
  pendingOverrides,
} from '../../lambda/shared/live-overrides';
import { instantLabel } from '../../lambda/shared/notice';
import { readS3Text } from '../../lambda/shared/s3-object';
import { HOLIDAY_LIST_KEY } from '../constructs/holiday-store';
import { DEFAULT_CONFIG_PATH, loadSiteConfig } from '../config/load';
import type { SiteConfig } from '../config/site-config';
import { stackEnvironment, stackName } from '../config/stack-identity';
import { EXAMPLE_FLOW_REFS, renderContactFlow } from '../flow/render';
import { lineAnswerAt, simulateCall, summariseCall } from '../flow/simulate';
import { changeLiveOverrides, fileLiveStore, LiveStore, LiveStoreError, s3LiveStore } from './live-store';
import { CliUsageError, oneLine, parseInstant } from './usage';
import { errorLine, errorMessage } from '../../lambda/shared/errors';

/** Options every live command takes. */
export interface LiveOptions {
  readonly config?: string;
  /** A local file instead of the deployed stack. */
  readonly store?: string;
  /** An S3-compatible endpoint, like the AWS CLI's. */
  readonly endpointUrl?: string;
  /** The bucket, instead of reading it from the stack's outputs. */
  readonly bucket?: string;
  readonly json?: boolean;
}

/** Options of `close` and `open`. */
export interface ChangeOptions extends LiveOptions {
  readonly from?: string;
  readonly until?: string;
  readonly reason?: string;
}

/** Where the commands write, their clock, randomness and AWS clients; tests pass their own. */
export interface LiveIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** @default the real clock */
  readonly now?: () => Date;
  /** A fresh override id. @default 8 random hex digits */
  readonly newId?: () => string;
  /** Extra S3 client settings (tests: credentials for the local server). @default the SDK's own chain */
  readonly s3Config?: Partial<S3ClientConfig>;
  /** Who is at the keyboard for a local store. @default the OS user */
  readonly localUser?: () => string;
}

/** The store to use, where the stack's holiday list is (none for a local store), and who is making changes. */
interface Target {
  readonly store: LiveStore;
  readonly readList: () => Promise<HolidayList | undefined>;
  readonly identity: () => Promise<string>;
}

function parseS3Uri(uri: string | undefined, output: string, stack: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri ?? '');
  if (match === null) throw new LiveStoreError(`the stack ${stack} has no ${output} output: deploy this version first (or pass --bucket)`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/** The deployed stack's bucket and keys, from its outputs (CloudFormation DescribeStacks with the user's credentials). */
export async function stackLocations(cloudFormation: CloudFormationClient, stack: string): Promise<{ bucket: string; liveKey: string; listKey: string }> {
  let outputs: Record<string, string | undefined>;
  try {
    const described = await cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
    outputs = Object.fromEntries((described.Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue]));
  } catch (error) {
    throw new LiveStoreError(`cannot read the stack ${stack}'s outputs: ${errorMessage(error)}`, { cause: error });
  }
  const live = parseS3Uri(outputs.LiveOverridesUri, 'LiveOverridesUri', stack);
  const list = parseS3Uri(outputs.HolidayListUri, 'HolidayListUri', stack);
  return { bucket: live.bucket, liveKey: live.key, listKey: list.key };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

async function targetFor(options: LiveOptions, config: SiteConfig, io: LiveIo): Promise<Target> {
  if (options.store !== undefined) {
    if (options.endpointUrl !== undefined || options.bucket !== undefined) throw new CliUsageError('--store is a local file: it takes no --endpoint-url or --bucket');
    const user = (io.localUser ?? (() => userInfo().username))();
    return { store: fileLiveStore(options.store), readList: async () => undefined, identity: async () => `local:${user}` };
  }
  if (options.endpointUrl !== undefined && !isHttpUrl(options.endpointUrl)) {
    throw new CliUsageError(`--endpoint-url ${JSON.stringify(options.endpointUrl)} is not an http(s) URL, e.g. http://127.0.0.1:9000`);
  }
  const region = stackEnvironment(config).region;
  const s3 = new S3Client({
    ...(region === undefined ? {} : { region }),
    ...io.s3Config,
    // S3-compatible servers rarely serve virtual-hosted names for a local endpoint: address the bucket in the path.
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl, forcePathStyle: true }),
  });
  const location =
    options.bucket !== undefined
      ? { bucket: options.bucket, liveKey: LIVE_OVERRIDES_KEY, listKey: HOLIDAY_LIST_KEY }
      : await stackLocations(new CloudFormationClient(region === undefined ? {} : { region }), stackName(config));
  return {
    store: s3LiveStore(s3, location.bucket, location.liveKey),
    async readList() {
      const stored = await readS3Text(s3, location.bucket, location.listKey).catch((error: unknown) => {
        throw new LiveStoreError(`cannot read s3://${location.bucket}/${location.listKey}: ${errorLine(error)}`, { cause: error });
      });
      if (stored === undefined) return undefined;
      try {
        return parseHolidayList(stored.text);
      } catch (error) {
        if (error instanceof HolidayListFormatError) return undefined;
        throw error;
      }
    },
    async identity() {
      try {
        const caller = await new STSClient(region === undefined ? {} : { region }).send(new GetCallerIdentityCommand({}));
        if (caller.Arn === undefined) throw new Error('no ARN in the answer');
        return caller.Arn;
      } catch (error) {
        throw new LiveStoreError(`cannot tell who you are (STS GetCallerIdentity): ${errorMessage(error)}; nothing was changed`, {
          cause: error,
        });
      }
    },
  };
}

/**
 * The stack's holiday list for a preview after a change, or undefined when it cannot be read: the change is already
 * written by then, so a read failure (a role that may write `live/` only, an S3 hiccup) must never turn it into an
 * exit code of 1 that sends ops to make it again.
 */
async function listForPreview(target: Target): Promise<{ list: HolidayList | undefined; note: string | undefined }> {
  try {
    return { list: await target.readList(), note: undefined };
  } catch (error) {
    return { list: undefined, note: `(${errorMessage(error)}; the preview uses the built-in calendar)` };
  }
}

/** What a call at `at` gets, walked through the flow that deploys with the checker's own rule. */
function callAt(config: SiteConfig, list: HolidayList | undefined, live: readonly LiveOverride[], at: Date) {
  const flow = renderContactFlow(config, EXAMPLE_FLOW_REFS);
  return simulateCall(flow, { at, config, live, ...(list === undefined ? {} : { list }) });
}

const defaultId = (kind: LiveOverrideKind) => (): string => `${kind === 'close' ? 'c' : 'o'}-${randomBytes(4).toString('hex')}`;

/** Run `close` or `open`. Returns the exit code. */
export async function runChangeCommand(kind: LiveOverrideKind, options: ChangeOptions, io: LiveIo): Promise<number> {
  try {
    const config = loadSiteConfig(options.config ?? DEFAULT_CONFIG_PATH);
    if (options.until === undefined) throw new CliUsageError('--until <instant> is required: nothing stays closed (or open) by accident');
    if (options.reason === undefined) throw new CliUsageError('--reason <text> is required: it is spoken to callers and e-mailed to admins');
    const now = (io.now ?? (() => new Date()))();
    const from = options.from === undefined ? now : parseInstant(options.from, config.timeZone, '--from');
    const until = parseInstant(options.until, config.timeZone, '--until');
    const target = await targetFor(options, config, io);
    const by = await target.identity();
    const newId = io.newId ?? defaultId(kind);
    const result = await changeLiveOverrides(target.store, (document) =>
      addLiveOverride(document, { kind, from, until, reason: options.reason as string }, { by, now, newId: newId() }),
    );
    const { override, document } = result;
    // What a caller hears at the start (or now, if it has started).
    const at = new Date(Math.max(Date.parse(override.from), now.getTime()));
    const preview = await listForPreview(target);
    const call = callAt(config, preview.list, document.overrides, at);
    if (options.json === true) {
      io.stdout(`${JSON.stringify({ override, revision: document.revision, store: target.store.where, attempts: result.attempts, call: summariseCall(call) })}\n`);
      return 0;
    }
    const lines = [
      `${kind === 'close' ? 'closed' : 'opened'}: ${overrideLine(override, config.timeZone)} (${config.timeZone})`,
      `by ${by}; revision ${document.revision} of ${target.store.where}${result.attempts > 1 ? ` (written on attempt ${result.attempts}: someone else changed it meanwhile)` : ''}`,
      `a call at ${instantLabel(at, config.timeZone)} gets: ${call.outcome} (${call.reason})${preview.note === undefined ? '' : ` ${preview.note}`}`,
      ...call.prompts.map((prompt) => `  callers hear: ${prompt}`),
      ...changeFooter(target.store, config, document, now),
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    io.stderr(`${kind}: ${oneLine(error)}\n`);
    return 1;
  }
}

function changeFooter(store: LiveStore, config: SiteConfig, document: Parameters<typeof liveChangeNotice>[0]['document'], now: Date): string[] {
  if (store.live) return ['calls follow within 60 seconds; admins get one e-mail saying who did what; Connect\'s own hours follow at the next sync.'];
  const notice = liveChangeNotice({ siteName: config.siteName, timeZone: config.timeZone, document, now });
  return ['local store: nothing reaches calls and nothing is sent. On the stack, admins would get:', ...(notice === undefined ? [] : [`  subject: ${notice.subject}`])];
}

/** Run `clear <id>`. */
export async function runClearCommand(id: string, options: LiveOptions, io: LiveIo): Promise<number> {
  try {
    const config = loadSiteConfig(options.config ?? DEFAULT_CONFIG_PATH);
    const now = (io.now ?? (() => new Date()))();
    const target = await targetFor(options, config, io);
    const by = await target.identity();
    const result = await changeLiveOverrides(target.store, (document) => clearLiveOverride(document, id, { by, now }));
    if (options.json === true) {
      io.stdout(`${JSON.stringify({ override: result.override, revision: result.document.revision, store: target.store.where })}\n`);
      return 0;
    }
    const preview = await listForPreview(target);
    const call = callAt(config, preview.list, result.document.overrides, now);
    io.stdout(
      `${[
        `cleared: ${overrideLine(result.override, config.timeZone)}`,
        `by ${by}; revision ${result.document.revision} of ${target.store.where}`,
        `a call now gets: ${call.outcome} (${call.reason})${preview.note === undefined ? '' : ` ${preview.note}`}`,
        ...changeFooter(target.store, config, result.document, now),
      ].join('\n')}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`clear: ${oneLine(error)}\n`);
    return 1;
  }
}

/** Options of `overrides-list`. */
export interface ListOptions extends LiveOptions {
  /** Include ended and cleared overrides (the whole history). */
  readonly all?: boolean;
}

/** Run `overrides-list`. */
export async function runListCommand(options: ListOptions, io: LiveIo): Promise<number> {
  try {
    const config = loadSiteConfig(options.config ?? DEFAULT_CONFIG_PATH);
    const now = (io.now ?? (() => new Date()))();
    const target = await targetFor(options, config, io);
    const { document } = await target.store.read();
    const shown = options.all === true ? [...document.overrides] : pendingOverrides(document.overrides, now);
    if (options.json === true) {
      io.stdout(`${JSON.stringify({ revision: document.revision, store: target.store.where, overrides: shown })}\n`);
      return 0;
    }
    const state = (override: LiveOverride): string =>
      override.cleared !== undefined ? 'cleared' : Date.parse(override.until) <= now.getTime() ? 'ended' : inForce(override, now) ? 'ACTIVE' : 'upcoming';
    const lines = [
      `${options.all === true ? 'all' : 'active and upcoming'} live overrides in ${target.store.where} (revision ${document.revision}, ${config.timeZone}):`,
      ...(shown.length === 0 ? ['  none'] : shown.map((override) => `  ${state(override).padEnd(8)} ${overrideLine(override, config.timeZone)} — by ${override.created.by}`)),
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    io.stderr(`overrides-list: ${oneLine(error)}\n`);
    return 1;
  }
}

/** Options of `status`. */
export interface StatusOptions extends LiveOptions {
  readonly at?: string;
}

/** Run `status`: what a call gets now and why, the list's age and range, the overrides, the next opening. */
export async function runStatusCommand(options: StatusOptions, io: LiveIo): Promise<number> {
  try {
    const config = loadSiteConfig(options.config ?? DEFAULT_CONFIG_PATH);
    const at = options.at === undefined ? (io.now ?? (() => new Date()))() : parseInstant(options.at, config.timeZone);
    const target = await targetFor(options, config, io);
    const [{ document }, list] = await Promise.all([target.store.read(), target.readList()]);
    const call = callAt(config, list, document.overrides, at);
    const line = lineAnswerAt(config, list, at, document.overrides);
    const health = line.list;
    const pending = pendingOverrides(document.overrides, at);
    const active = pending.filter((override) => inForce(override, at));
    const upcoming = pending.filter((override) => !inForce(override, at));
    const ageHours = list === undefined ? undefined : Math.round((at.getTime() - Date.parse(list.fetchedAt)) / 360_000) / 10;
    if (options.json === true) {
      io.stdout(
        `${JSON.stringify({
          at: at.toISOString(),
          call: summariseCall(call),
          answer: line.answer,
          nextOpen: line.nextOpen?.toISOString() ?? null,
          nextOpenSentence: line.result.nextOpen,
          list: list === undefined ? null : { fetchedAt: list.fetchedAt, ageHours, coverage: list.coverage, health },
          live: { store: target.store.where, revision: document.revision, active, upcoming },
        })}\n`,
      );
      return 0;
    }
    const why = line.override !== undefined ? `live override ${line.override.id}「${line.override.reason}」` : line.answer;
    const lines = [
      `status of ${config.siteName} at ${instantLabel(at, config.timeZone)} (${config.timeZone})`,
      `a call now gets: ${call.outcome} (${call.reason}) — because: ${why}`,
      ...call.prompts.map((prompt) => `  callers hear: ${prompt}`),
      `next opening: ${line.nextOpen === undefined ? (line.answer === 'open' ? 'open now' : 'none within 400 days') : `${instantLabel(line.nextOpen, config.timeZone)} — 「${line.result.nextOpen}」`}`,
      list === undefined
        ? `holiday list: none read (${target.store.live ? 'missing or unreadable in the bucket' : 'local store'}): the built-in calendar answers`
        : `holiday list: fetched ${instantLabel(new Date(list.fetchedAt), config.timeZone)} (${ageHours} h ago), covers ${list.coverage.from} .. ${list.coverage.to}, ${health}`,
      `live overrides (${target.store.where}, revision ${document.revision}): ${active.length} active, ${upcoming.length} upcoming`,
      ...active.map((override) => `  ACTIVE   ${overrideLine(override, config.timeZone)}`),
      ...upcoming.map((override) => `  upcoming ${overrideLine(override, config.timeZone)}`),
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    io.stderr(`status: ${oneLine(error)}\n`);
    return 1;
  }
}

function withStoreOptions(command: Command): Command {
  return command
    .option('--config <file>', 'site configuration (names the stack whose outputs locate the bucket)', DEFAULT_CONFIG_PATH)
    .option('--store <file>', 'a local file instead of the deployed stack (for trying things out; simulate --overrides reads it)')
    .option('--endpoint-url <url>', 'an S3-compatible endpoint, like the AWS CLI\'s')
    .option('--bucket <name>', 'the bucket, instead of reading it from the stack\'s outputs')
    .option('--json', 'print JSON');
}

const processIo = (): LiveIo => ({ stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });

/** Add `close`, `open`, `overrides-list`, `clear` and `status` to the CLI. */
export function registerLiveCommands(program: Command, io: () => LiveIo = processIo): void {
  for (const kind of ['close', 'open'] as const) {
    withStoreOptions(
      program
        .command(kind)
        .description(kind === 'close' ? 'close the line now or later: callers hear the emergency announcement with the reason' : 'open the line specially: callers are transferred even on a closed day or after hours')
        .option('--from <instant>', 'start, e.g. 2026-12-01T10:00 (site clock) or 2026-12-01T10:00+09:00; default now')
        .option('--until <instant>', 'end (required)')
        .option('--reason <text>', kind === 'close' ? 'why, spoken to callers (「<reason>のため」) and e-mailed' : 'why, e-mailed to admins'),
    ).action(async (options: ChangeOptions) => {
      process.exitCode = await runChangeCommand(kind, options, io());
    });
  }
  withStoreOptions(program.command('overrides-list').description('list the live overrides (close/open) in force and upcoming').option('--all', 'include ended and cleared ones (the history)')).action(
    async (options: ListOptions) => {
      process.exitCode = await runListCommand(options, io());
    },
  );
  withStoreOptions(program.command('clear').argument('<id>', 'the override to clear (see overrides-list)').description('clear a live override (it stays in the history)')).action(
    async (id: string, options: LiveOptions) => {
      process.exitCode = await runClearCommand(id, options, io());
    },
  );
  withStoreOptions(
    program.command('status').description('what a call gets now and why, the list\'s age, the live overrides and the next opening').option('--at <instant>', 'as of this instant instead of now'),
  ).action(async (options: StatusOptions) => {
    process.exitCode = await runStatusCommand(options, io());
  });
}
