/**
 * Live overrides: what ops change on the running line without a deploy (close now for a typhoon, open specially on a
 * Saturday), and the one document in the stack's bucket that holds them with their whole history.
 *
 * The checker reads the document, the CLI writes it (conditional writes, so two people editing at once cannot lose
 * each other's change), the change notifier e-mails each change and starts the override sync. Pure: no clock, no I/O,
 * no randomness; the caller passes `now`, the editor's identity and a fresh id.
 */

/** The document format this code reads and writes. */
export const LIVE_OVERRIDES_FORMAT_VERSION = 1;

/** Where the document lives in the stack's bucket. */
export const LIVE_OVERRIDES_KEY = 'live/overrides.json';

/** `close`: callers hear the emergency announcement and the call ends. `open`: callers are transferred. */
export type LiveOverrideKind = 'close' | 'open';

/** The kinds, for parsing and messages. */
export const LIVE_OVERRIDE_KINDS: readonly LiveOverrideKind[] = ['close', 'open'];

/** Who did something and when (an ISO 8601 UTC instant). */
export interface LiveStamp {
  /** The editor's identity: an IAM ARN, or `local:<user>` for a local file. */
  readonly by: string;
  readonly at: string;
}

/** One live override. Never deleted: clearing stamps it, so the document is its own history. */
export interface LiveOverride {
  /** Short id ops type in `clear <id>`. */
  readonly id: string;
  readonly kind: LiveOverrideKind;
  /** First instant it applies (ISO 8601 UTC). */
  readonly from: string;
  /** First instant it no longer applies (ISO 8601 UTC): required, so nothing stays closed by accident. */
  readonly until: string;
  /** Why: spoken in the emergency announcement (`close`) and shown by `status` and the e-mail. */
  readonly reason: string;
  readonly created: LiveStamp;
  /** Set when someone cleared it before its end. */
  readonly cleared?: LiveStamp;
}

/** The change that produced a revision of the document. */
export interface LiveChange {
  readonly revision: number;
  readonly action: LiveOverrideKind | 'clear';
  /** The override added or cleared. */
  readonly id: string;
  readonly by: string;
  readonly at: string;
}

/** The stored document. */
export interface LiveOverrideDocument {
  readonly version: typeof LIVE_OVERRIDES_FORMAT_VERSION;
  /** Counts changes: 0 for an empty document, +1 per change. */
  readonly revision: number;
  readonly overrides: readonly LiveOverride[];
  /** The change that wrote this revision (absent at revision 0). */
  readonly lastChange?: LiveChange;
}

/** The document before anyone changed anything. */
export const EMPTY_LIVE_OVERRIDES: LiveOverrideDocument = { version: LIVE_OVERRIDES_FORMAT_VERSION, revision: 0, overrides: [] };

/** The longest reason: a sentence the emergency announcement speaks. */
export const MAX_REASON_CHARS = 200;
/** The longest override: a closure longer than a month belongs in the configuration's `closures`. */
export const MAX_OVERRIDE_DAYS = 31;
/** How far ahead one may start: a year and a month. */
export const MAX_START_AHEAD_DAYS = 400;
/** At most this many overrides not yet ended or cleared: each also takes a Connect override slot. */
export const MAX_PENDING_OVERRIDES = 10;
/** At most this many overrides in the document, history included (thousands of years of typhoons). */
export const MAX_DOCUMENT_OVERRIDES = 5000;

const DAY_MS = 86_400_000;
const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// C0 and C1 controls, line and paragraph separators, bidi overrides and isolates: a reason is one spoken line.
const FORBIDDEN_IN_REASON = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** The stored document is not a live override document this code can use. */
export class LiveOverridesFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveOverridesFormatError';
  }
}

/** A requested change cannot be made; `problems` lists every reason. */
export class LiveOverrideRequestError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'LiveOverrideRequestError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an instant written exactly as `Date#toISOString` writes it, and a real one. */
export function isUtcInstant(value: unknown): value is string {
  return typeof value === 'string' && UTC_INSTANT.test(value) && new Date(value).toISOString() === value;
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).filter((key) => !allowed.includes(key));
  if (extra.length > 0) throw new LiveOverridesFormatError(`${where}: unknown field ${extra.map((key) => JSON.stringify(key)).join(', ')}`);
}

function stampOf(value: unknown, where: string): LiveStamp {
  if (!isRecord(value)) throw new LiveOverridesFormatError(`${where}: not an object`);
  onlyKeys(value, ['by', 'at'], where);
  if (typeof value.by !== 'string' || value.by === '' || value.by.length > 2048) throw new LiveOverridesFormatError(`${where}.by: not an identity`);
  if (!isUtcInstant(value.at)) throw new LiveOverridesFormatError(`${where}.at: not an ISO 8601 UTC instant`);
  return { by: value.by, at: value.at };
}

/** Problems with a reason as ops typed it (empty when fine). */
export function reasonProblems(reason: string): string[] {
  const problems: string[] = [];
  if (reason.trim() === '') problems.push('--reason: say why (it is spoken to callers and e-mailed to admins)');
  if ([...reason].length > MAX_REASON_CHARS) problems.push(`--reason: at most ${MAX_REASON_CHARS} characters (${[...reason].length} given)`);
  if (FORBIDDEN_IN_REASON.test(reason)) problems.push('--reason: one line of text, no control or direction-override characters');
  return problems;
}

function overrideOf(value: unknown, index: number): LiveOverride {
  const where = `overrides[${index}]`;
  if (!isRecord(value)) throw new LiveOverridesFormatError(`${where}: not an object`);
  onlyKeys(value, ['id', 'kind', 'from', 'until', 'reason', 'created', 'cleared'], where);
  const { id, kind, from, until, reason } = value;
  if (typeof id !== 'string' || !ID.test(id)) throw new LiveOverridesFormatError(`${where}.id: not an id (a-z, 0-9, -)`);
  if (kind !== 'close' && kind !== 'open') throw new LiveOverridesFormatError(`${where}.kind: close or open`);
  if (!isUtcInstant(from) || !isUtcInstant(until)) throw new LiveOverridesFormatError(`${where}: from and until must be ISO 8601 UTC instants`);
  if (Date.parse(until) <= Date.parse(from)) throw new LiveOverridesFormatError(`${where}: until must be after from`);
  if (Date.parse(until) - Date.parse(from) > MAX_OVERRIDE_DAYS * DAY_MS) throw new LiveOverridesFormatError(`${where}: longer than ${MAX_OVERRIDE_DAYS} days`);
  if (typeof reason !== 'string' || reasonProblems(reason).length > 0) throw new LiveOverridesFormatError(`${where}.reason: not a reason (1-${MAX_REASON_CHARS} characters, one line)`);
  const override: LiveOverride = { id, kind, from, until, reason, created: stampOf(value.created, `${where}.created`) };
  return value.cleared === undefined ? override : { ...override, cleared: stampOf(value.cleared, `${where}.cleared`) };
}

/**
 * Read a stored document. Throws {@link LiveOverridesFormatError} for anything but a well-formed document of this
 * version: the checker then keeps the document it holds, so damage never changes what callers hear.
 */
export function parseLiveOverrides(text: string): LiveOverrideDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LiveOverridesFormatError('not JSON');
  }
  if (!isRecord(value)) throw new LiveOverridesFormatError('not a JSON object');
  if (value.version !== LIVE_OVERRIDES_FORMAT_VERSION) {
    throw new LiveOverridesFormatError(`version ${JSON.stringify(value.version)}: this code reads version ${LIVE_OVERRIDES_FORMAT_VERSION}`);
  }
  onlyKeys(value, ['version', 'revision', 'overrides', 'lastChange'], 'document');
  const { revision, overrides } = value;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) throw new LiveOverridesFormatError('revision: not a whole number');
  if (!Array.isArray(overrides)) throw new LiveOverridesFormatError('overrides: not a list');
  if (overrides.length > MAX_DOCUMENT_OVERRIDES) throw new LiveOverridesFormatError(`overrides: more than ${MAX_DOCUMENT_OVERRIDES}`);
  const parsed = overrides.map(overrideOf);
  const ids = new Set<string>();
  for (const override of parsed) {
    if (ids.has(override.id)) throw new LiveOverridesFormatError(`overrides: id ${override.id} twice`);
    ids.add(override.id);
  }
  const document: LiveOverrideDocument = { version: LIVE_OVERRIDES_FORMAT_VERSION, revision, overrides: parsed };
  if (value.lastChange === undefined) return document;
  const change = value.lastChange;
  if (!isRecord(change)) throw new LiveOverridesFormatError('lastChange: not an object');
  onlyKeys(change, ['revision', 'action', 'id', 'by', 'at'], 'lastChange');
  const stamp = stampOf({ by: change.by, at: change.at }, 'lastChange');
  if (change.revision !== revision) throw new LiveOverridesFormatError('lastChange.revision: not the document\'s revision');
  if (change.action !== 'close' && change.action !== 'open' && change.action !== 'clear') throw new LiveOverridesFormatError('lastChange.action: close, open or clear');
  if (typeof change.id !== 'string' || !ids.has(change.id)) throw new LiveOverridesFormatError('lastChange.id: not an override in the document');
  return { ...document, lastChange: { revision, action: change.action, id: change.id, ...stamp } };
}

/** The document as stored: stable key order, one override per block, a final newline. */
export function serializeLiveOverrides(document: LiveOverrideDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Neither ended nor cleared at `at`: what still matters to callers (in force now, or upcoming). */
export function pendingOverrides(overrides: readonly LiveOverride[], at: Date): LiveOverride[] {
  const atMs = at.getTime();
  return overrides
    .filter((override) => override.cleared === undefined && Date.parse(override.until) > atMs)
    .sort((a, b) => Date.parse(a.from) - Date.parse(b.from) || a.id.localeCompare(b.id));
}

/** In force at `at`: started, not ended, not cleared. */
export function inForce(override: LiveOverride, at: Date): boolean {
  const atMs = at.getTime();
  return override.cleared === undefined && Date.parse(override.from) <= atMs && atMs < Date.parse(override.until);
}

/**
 * The override that decides a call at `at`, if any: a closure beats an opening (as Connect ranks CLOSED over OPEN),
 * and of two of a kind the one created last speaks (its reason is the newest news).
 */
export function liveOverrideAt(overrides: readonly LiveOverride[], at: Date): LiveOverride | undefined {
  const active = overrides.filter((override) => inForce(override, at));
  const newest = (kind: LiveOverrideKind) =>
    active.filter((override) => override.kind === kind).sort((a, b) => Date.parse(b.created.at) - Date.parse(a.created.at))[0];
  return newest('close') ?? newest('open');
}

/** What ops ask for with `close` or `open`. */
export interface LiveOverrideRequest {
  readonly kind: LiveOverrideKind;
  readonly from: Date;
  readonly until: Date;
  readonly reason: string;
}

/** Who makes a change, when, and the id a new override gets. */
export interface ChangeContext {
  readonly by: string;
  readonly now: Date;
  /** A fresh id (the CLI draws one at random); retried by the caller if it is already taken. */
  readonly newId: string;
}

function overlaps(a: { from: number; until: number }, b: LiveOverride): boolean {
  return a.from < Date.parse(b.until) && Date.parse(b.from) < a.until;
}

/**
 * Add an override. Refuses (listing every problem) an end not after the start or already past, one longer than
 * {@link MAX_OVERRIDE_DAYS}, a start more than {@link MAX_START_AHEAD_DAYS} ahead, a bad reason, too many pending,
 * and an overlap with a pending override of the other kind (which one wins would surprise someone: clear it first).
 */
export function addLiveOverride(
  document: LiveOverrideDocument,
  request: LiveOverrideRequest,
  context: ChangeContext,
): { document: LiveOverrideDocument; override: LiveOverride } {
  const from = request.from.getTime();
  const until = request.until.getTime();
  const nowMs = context.now.getTime();
  // Checked as stored: NFC writes some characters as two, and the parser must accept whatever this writes.
  const reason = request.reason.trim().normalize('NFC');
  const problems = reasonProblems(reason);
  if (!(until > from)) problems.push('--until must be after --from');
  else if (until - from > MAX_OVERRIDE_DAYS * DAY_MS) problems.push(`at most ${MAX_OVERRIDE_DAYS} days at once (longer closures belong in the configuration's closures)`);
  if (!(until > nowMs)) problems.push('--until is already past');
  if (from - nowMs > MAX_START_AHEAD_DAYS * DAY_MS) problems.push(`--from at most ${MAX_START_AHEAD_DAYS} days ahead`);
  if (!ID.test(context.newId) || document.overrides.some((override) => override.id === context.newId)) problems.push(`id ${context.newId} is taken`);
  const pending = pendingOverrides(document.overrides, context.now);
  if (pending.length >= MAX_PENDING_OVERRIDES) problems.push(`at most ${MAX_PENDING_OVERRIDES} overrides pending at once: clear one first`);
  if (document.overrides.length >= MAX_DOCUMENT_OVERRIDES) problems.push(`the document holds ${MAX_DOCUMENT_OVERRIDES} overrides: archive it first`);
  for (const other of pending) {
    if (other.kind !== request.kind && overlaps({ from, until }, other)) {
      problems.push(`overlaps ${other.kind} ${other.id} (${other.from} → ${other.until}, "${other.reason}"): clear it first or choose other times`);
    }
  }
  if (problems.length > 0) throw new LiveOverrideRequestError(problems);
  const override: LiveOverride = {
    id: context.newId,
    kind: request.kind,
    from: request.from.toISOString(),
    until: request.until.toISOString(),
    reason,
    created: { by: context.by, at: context.now.toISOString() },
  };
  const revision = document.revision + 1;
  return {
    override,
    document: {
      version: LIVE_OVERRIDES_FORMAT_VERSION,
      revision,
      overrides: [...document.overrides, override],
      lastChange: { revision, action: request.kind, id: override.id, by: context.by, at: context.now.toISOString() },
    },
  };
}

/** Clear a pending override (it stays in the document, stamped). Refuses an unknown, cleared or ended one. */
export function clearLiveOverride(
  document: LiveOverrideDocument,
  id: string,
  context: Omit<ChangeContext, 'newId'>,
): { document: LiveOverrideDocument; override: LiveOverride } {
  const found = document.overrides.find((override) => override.id === id);
  if (found === undefined) throw new LiveOverrideRequestError([`no override ${id} (see overrides-list)`]);
  if (found.cleared !== undefined) throw new LiveOverrideRequestError([`${id} was already cleared by ${found.cleared.by} at ${found.cleared.at}`]);
  if (Date.parse(found.until) <= context.now.getTime()) throw new LiveOverrideRequestError([`${id} already ended at ${found.until}`]);
  const stamp: LiveStamp = { by: context.by, at: context.now.toISOString() };
  const override: LiveOverride = { ...found, cleared: stamp };
  const revision = document.revision + 1;
  return {
    override,
    document: {
      version: LIVE_OVERRIDES_FORMAT_VERSION,
      revision,
      overrides: document.overrides.map((candidate) => (candidate.id === id ? override : candidate)),
      lastChange: { revision, action: 'clear', id, ...stamp },
    },
  };
}
