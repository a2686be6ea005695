/**
 * The live commands end to end: against the real local S3 (s3rver behind its conditional-write front) through
 * `--endpoint-url`, and against a local file with `--store`, then `simulate --overrides` on that file. STS and
 * CloudFormation have no local stand-in: they are mocked at the SDK (aws-sdk-client-mock), answering as AWS documents.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { addLiveOverride, LIVE_OVERRIDES_KEY, LiveOverrideRequestError, parseLiveOverrides } from '../../lambda/shared/live-overrides';
import { LiveIo, runChangeCommand, runClearCommand, runListCommand, runStatusCommand } from '../../lib/cli/live';
import { changeLiveOverrides, LiveStore, s3LiveStore } from '../../lib/cli/live-store';
import { runSimulate } from '../../lib/cli/simulate';
import { HOLIDAY_LIST_KEY } from '../../lib/constructs/holiday-store';
import { DEFAULT_CONFIG_PATH } from '../../lib/config/load';
import { GOOGLE_CALENDAR_FIXTURE } from '../flow/flow-fixtures';
import { holidayList } from '../is-holiday/fixtures';
import { LocalS3, startLocalS3 } from '../support/local-s3';

const BUCKET = 'site-bucket';
const ALICE = 'arn:aws:sts::111122223333:assumed-role/ops/alice';
// Saturday 2026-11-21, 09:00 in Tokyo.
const NOW = new Date('2026-11-21T00:00:00.000Z');

const sts = mockClient(STSClient);
const cloudFormation = mockClient(CloudFormationClient);
let s3: LocalS3;
let scratch: string;

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
  scratch = mkdtempSync(path.join(tmpdir(), 'live-commands-'));
});

afterAll(async () => {
  await s3.dispose();
  rmSync(scratch, { recursive: true, force: true });
  sts.restore();
  cloudFormation.restore();
});

beforeEach(async () => {
  sts.reset();
  cloudFormation.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Arn: ALICE, Account: '111122223333', UserId: 'AROAEXAMPLE:alice' });
  // Delete first: s3rver can overwrite a longer object in place without truncating it.
  await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY }));
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY, Body: '{"version":1,"revision":0,"overrides":[]}' }));
});

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let ids = 0;
function io(now: Date = NOW): { io: LiveIo; out: () => Ran & { code: 0 } } {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      now: () => now,
      newId: () => `t-${(ids += 1)}`,
      // Credentials and Region only: the endpoint comes from --endpoint-url, as for ops.
      s3Config: { credentials: s3.clientConfig.credentials, region: s3.clientConfig.region },
      localUser: () => 'tester',
    },
    out: () => ({ code: 0, stdout, stderr }),
  };
}

async function run(command: (io: LiveIo) => Promise<number>, now: Date = NOW): Promise<Ran> {
  const { io: commandIo, out } = io(now);
  const code = await command(commandIo);
  return { ...out(), code };
}

const onS3 = { endpointUrl: '', bucket: BUCKET, config: DEFAULT_CONFIG_PATH };
beforeAll(() => {
  (onS3 as { endpointUrl: string }).endpointUrl = s3.endpoint;
});

async function storedDocument() {
  const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY }));
  return parseLiveOverrides(await (object.Body?.transformToString('utf-8') ?? Promise.resolve('')));
}

describe('close, open, overrides-list, clear and status against S3 through --endpoint-url', () => {
  test('close writes the override with who and when, and status shows the emergency answer with the reason', async () => {
    const closed = await run((commandIo) =>
      runChangeCommand('close', { ...onS3, from: '2026-11-24T10:00', until: '2026-11-24T14:00', reason: '台風の接近' }, commandIo),
    );
    expect(closed).toMatchObject({ code: 0, stderr: '' });
    expect(closed.stdout).toContain('closed: t-');
    expect(closed.stdout).toContain('2026-11-24 (火) 10:00 → 2026-11-24 (火) 14:00「台風の接近」');
    expect(closed.stdout).toContain(`by ${ALICE}; revision 1 of s3://${BUCKET}/${LIVE_OVERRIDES_KEY}`);
    // The preview: the emergency announcement, the reason in it, and when the line reopens (14:00 the same day).
    expect(closed.stdout).toContain('gets: disconnect (emergency)');
    expect(closed.stdout).toContain('台風の接近 のため、ただいま臨時に受付を休止しております。 次の受付は11月24日(火)14時からです。');

    const document = await storedDocument();
    expect(document.revision).toBe(1);
    expect(document.overrides).toEqual([
      expect.objectContaining({
        kind: 'close',
        from: '2026-11-24T01:00:00.000Z',
        until: '2026-11-24T05:00:00.000Z',
        reason: '台風の接近',
        created: { by: ALICE, at: NOW.toISOString() },
      }),
    ]);
    expect(document.lastChange).toMatchObject({ revision: 1, action: 'close', by: ALICE });

    const status = await run((commandIo) => runStatusCommand({ ...onS3, at: '2026-11-24T11:00' }, commandIo));
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('a call now gets: disconnect (emergency) — because: live override t-');
    expect(status.stdout).toContain('next opening: 2026-11-24 (火) 14:00 — 「次の受付は11月24日(火)14時からです。」');
    expect(status.stdout).toContain('1 active, 0 upcoming');
    expect(status.stdout).toContain('holiday list: none read (missing or unreadable in the bucket)');
  });

  test('status --json: the call, the answer, the next opening, the list\'s age and range, the overrides', async () => {
    await s3.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: HOLIDAY_LIST_KEY, Body: JSON.stringify(holidayList({ fetchedAt: '2026-11-20T21:00:00.000Z' })) }),
    );
    await run((commandIo) => runChangeCommand('open', { ...onS3, from: '2026-11-21T10:00', until: '2026-11-21T15:00', reason: '臨時の土曜営業' }, commandIo));
    const status = await run((commandIo) => runStatusCommand({ ...onS3, at: '2026-11-21T12:00', json: true }, commandIo));
    const printed = JSON.parse(status.stdout);
    expect(printed).toMatchObject({
      at: '2026-11-21T03:00:00.000Z',
      call: { outcome: 'transfer', reason: 'open' },
      answer: 'open',
      nextOpen: null,
      list: { fetchedAt: '2026-11-20T21:00:00.000Z', ageHours: 6, health: 'ok' },
      live: { revision: 1, active: [expect.objectContaining({ kind: 'open', reason: '臨時の土曜営業' })], upcoming: [] },
    });
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: HOLIDAY_LIST_KEY, Body: 'gone' }));
  });

  test('overrides-list shows pending ones; --all adds cleared ones; clear stamps who and keeps the history', async () => {
    await run((commandIo) => runChangeCommand('close', { ...onS3, from: '2026-11-24T10:00', until: '2026-11-24T12:00', reason: '停電' }, commandIo));
    const [override] = (await storedDocument()).overrides;
    const cleared = await run((commandIo) => runClearCommand(override?.id ?? '', onS3, commandIo));
    expect(cleared).toMatchObject({ code: 0, stderr: '' });
    expect(cleared.stdout).toContain(`cleared: ${override?.id}`);

    const pending = await run((commandIo) => runListCommand(onS3, commandIo));
    expect(pending.stdout).toContain('  none');
    const all = await run((commandIo) => runListCommand({ ...onS3, all: true, json: true }, commandIo));
    expect(JSON.parse(all.stdout)).toMatchObject({ revision: 2, overrides: [{ id: override?.id, cleared: { by: ALICE, at: NOW.toISOString() } }] });

    const again = await run((commandIo) => runClearCommand(override?.id ?? '', onS3, commandIo));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^clear: t-\d+ was already cleared by arn:aws:sts::111122223333:assumed-role\/ops\/alice/);
  });

  test('the stack is found from its outputs with --config (CloudFormation answers as documented)', async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'ConnectAfterHours-example-support' }).resolves({
      Stacks: [
        {
          StackName: 'ConnectAfterHours-example-support',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [
            { OutputKey: 'LiveOverridesUri', OutputValue: `s3://${BUCKET}/${LIVE_OVERRIDES_KEY}` },
            { OutputKey: 'HolidayListUri', OutputValue: `s3://${BUCKET}/${HOLIDAY_LIST_KEY}` },
          ],
        },
      ],
    });
    const { bucket: _bucket, ...withoutBucket } = onS3;
    const closed = await run((commandIo) => runChangeCommand('close', { ...withoutBucket, until: '2026-11-21T18:00', reason: '回線障害' }, commandIo));
    expect(closed).toMatchObject({ code: 0, stderr: '' });
    expect((await storedDocument()).overrides).toHaveLength(1);
  });

  test('a stack without the outputs (an older release) is named, and nothing is written', async () => {
    cloudFormation.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'x', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [] }] });
    const { bucket: _bucket, ...withoutBucket } = onS3;
    const closed = await run((commandIo) => runChangeCommand('close', { ...withoutBucket, until: '2026-11-21T18:00', reason: '回線障害' }, commandIo));
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/^close: the stack ConnectAfterHours-example-support has no LiveOverridesUri output: deploy this version first \(or pass --bucket\)\n$/);
    expect((await storedDocument()).revision).toBe(0);
  });

  test('a role that may write live/ but not read the holiday list: the change is reported done (exit 0, with its id)', async () => {
    // A front that answers the list's GET as IAM would deny it (403 AccessDenied) and passes everything else to s3rver.
    const upstream = new URL(s3.endpoint);
    const front = createServer((request, response) => {
      if (request.method === 'GET' && (request.url ?? '').includes(HOLIDAY_LIST_KEY)) {
        response.writeHead(403, { 'content-type': 'application/xml' });
        response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
        return;
      }
      const forwarded = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      request.pipe(forwarded);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = front.address() as AddressInfo;
      const closed = await run((commandIo) =>
        runChangeCommand('close', { ...onS3, endpointUrl: `http://127.0.0.1:${port}`, until: '2026-11-21T18:00', reason: '回線障害' }, commandIo),
      );
      expect(closed).toMatchObject({ code: 0, stderr: '' });
      expect(closed.stdout).toMatch(/^closed: t-\d+ /);
      expect(closed.stdout).toContain(`(cannot read s3://${BUCKET}/${HOLIDAY_LIST_KEY}: AccessDenied: Access Denied; the preview uses the built-in calendar)`);
      expect((await storedDocument()).revision).toBe(1);
    } finally {
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
  });

  test('who cannot be told (STS fails): nothing is written', async () => {
    sts.reset();
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }));
    const closed = await run((commandIo) => runChangeCommand('close', { ...onS3, until: '2026-11-21T18:00', reason: '回線障害' }, commandIo));
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/cannot tell who you are \(STS GetCallerIdentity\): The security token included in the request is expired; nothing was changed/);
    expect((await storedDocument()).revision).toBe(0);
  });

  test('a damaged stored document is never overwritten: the command refuses and the bytes stay', async () => {
    const damaged = '{"version":1,"revision":3,"overrides":[{"id":"x"';
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY }));
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY, Body: damaged }));
    // The precondition, so a failure below can only be the command's.
    const before = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY }));
    expect(await before.Body?.transformToString('utf-8')).toBe(damaged);
    const closed = await run((commandIo) => runChangeCommand('close', { ...onS3, until: '2026-11-21T18:00', reason: '回線障害' }, commandIo));
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/is not a live override document \(not JSON\); nothing was changed/);
    const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY }));
    expect(await object.Body?.transformToString('utf-8')).toBe(damaged);
  });
});

describe('two people at once: conditional writes on the real local S3', () => {
  const base = () => s3LiveStore(s3.client, BUCKET, LIVE_OVERRIDES_KEY);
  const request = (kind: 'close' | 'open', from: string, until: string, reason: string) => ({ kind, from: new Date(from), until: new Date(until), reason });

  /** A store whose first write lets `interloper` make a whole change first: the write then names a stale ETag. */
  function racingStore(interloper: () => Promise<unknown>): LiveStore {
    const store = base();
    let pending: (() => Promise<unknown>) | undefined = interloper;
    return {
      ...store,
      async write(document, expected) {
        const run = pending;
        pending = undefined;
        if (run !== undefined) await run();
        return store.write(document, expected);
      },
    };
  }

  test('a write naming a stale version is refused by S3 (412), and the change is re-applied to the winner\'s document', async () => {
    const bob = () =>
      changeLiveOverrides(base(), (document) =>
        addLiveOverride(document, request('close', '2026-11-24T01:00:00Z', '2026-11-24T03:00:00Z', '停電'), { by: 'bob', now: NOW, newId: 'bob-1' }),
      );
    const result = await changeLiveOverrides(racingStore(bob), (document) =>
      addLiveOverride(document, request('close', '2026-11-25T01:00:00Z', '2026-11-25T03:00:00Z', '回線工事'), { by: 'alice', now: NOW, newId: 'alice-1' }),
    );
    expect(result.attempts).toBe(2);
    const document = await storedDocument();
    expect(document.revision).toBe(2);
    expect(document.overrides.map((override) => override.id)).toEqual(['bob-1', 'alice-1']);
  });

  test('when the winner\'s change makes mine invalid (an opposite overlap), mine is refused and theirs stands', async () => {
    const bob = () =>
      changeLiveOverrides(base(), (document) =>
        addLiveOverride(document, request('open', '2026-11-24T01:00:00Z', '2026-11-24T05:00:00Z', '特別対応'), { by: 'bob', now: NOW, newId: 'bob-open' }),
      );
    await expect(
      changeLiveOverrides(racingStore(bob), (document) =>
        addLiveOverride(document, request('close', '2026-11-24T02:00:00Z', '2026-11-24T03:00:00Z', '停電'), { by: 'alice', now: NOW, newId: 'alice-close' }),
      ),
    ).rejects.toThrow(LiveOverrideRequestError);
    const document = await storedDocument();
    expect(document.overrides.map((override) => override.id)).toEqual(['bob-open']);
  });

  test('two commands started together both land (whichever order S3 serialises them in)', async () => {
    const [first, second] = await Promise.all([
      run((commandIo) => runChangeCommand('close', { ...onS3, from: '2026-11-24T10:00', until: '2026-11-24T11:00', reason: 'A' }, commandIo)),
      run((commandIo) => runChangeCommand('close', { ...onS3, from: '2026-11-25T10:00', until: '2026-11-25T11:00', reason: 'B' }, commandIo)),
    ]);
    expect([first.code, second.code]).toEqual([0, 0]);
    const document = await storedDocument();
    expect(document.revision).toBe(2);
    expect(document.overrides.map((override) => override.reason).sort()).toEqual(['A', 'B']);
  });
});

describe('--store <file>, then simulate --overrides <file>', () => {
  const storeFile = () => path.join(scratch, `overrides-${(ids += 1)}.json`);

  test('close then simulate: the emergency announcement with the reason inside it, the normal answer after its end', async () => {
    const file = storeFile();
    const closed = await run((commandIo) =>
      runChangeCommand('close', { store: file, from: '2026-11-24T10:00+09:00', until: '2026-11-24T13:00', reason: 'システム障害' }, commandIo),
    );
    expect(closed).toMatchObject({ code: 0, stderr: '' });
    expect(closed.stdout).toContain('by local:tester; revision 1 of ');
    expect(closed.stdout).toContain('local store: nothing reaches calls and nothing is sent');

    const inside = JSON.parse(await runSimulate({ at: '2026-11-24T11:00', calendar: GOOGLE_CALENDAR_FIXTURE, overrides: file, json: true }));
    expect(inside).toMatchObject({ outcome: 'disconnect', reason: 'emergency' });
    expect(inside.prompts).toHaveLength(1);
    expect(inside.prompts[0]).toContain('システム障害');
    expect(inside.prompts[0]).toContain('次の受付は11月24日(火)13時からです。');

    const after = JSON.parse(await runSimulate({ at: '2026-11-24T13:00', calendar: GOOGLE_CALENDAR_FIXTURE, overrides: file, json: true }));
    expect(after).toMatchObject({ outcome: 'transfer', reason: 'open' });
    expect(after.prompts.join()).not.toContain('システム障害');
  });

  test('open on a statutory holiday (勤労感謝の日) transfers; outside the opening the holiday answer returns', async () => {
    const file = storeFile();
    await run((commandIo) => runChangeCommand('open', { store: file, from: '2026-11-23T10:00', until: '2026-11-23T15:00', reason: '臨時受付' }, commandIo));
    const inside = JSON.parse(await runSimulate({ at: '2026-11-23T12:00', calendar: GOOGLE_CALENDAR_FIXTURE, overrides: file, json: true }));
    expect(inside).toMatchObject({ outcome: 'transfer', reason: 'open' });
    const outside = JSON.parse(await runSimulate({ at: '2026-11-23T16:00', calendar: GOOGLE_CALENDAR_FIXTURE, overrides: file, json: true }));
    expect(outside).toMatchObject({ outcome: 'disconnect', reason: 'holiday', holidayName: '勤労感謝の日' });
    expect(outside.prompts[0]).toContain('次の受付は11月24日(火)9時からです。');
  });

  test('simulate --week marks the live closure hours E', async () => {
    const file = storeFile();
    await run((commandIo) => runChangeCommand('close', { store: file, from: '2026-11-24T10:00', until: '2026-11-24T14:00', reason: '停電' }, commandIo));
    const week = await runSimulate({ week: '2026-11-23', calendar: GOOGLE_CALENDAR_FIXTURE, overrides: file });
    expect(week).toContain(`\n2026-11-24  TUE  ${[...'.........TEEEETTTT......'].map((mark) => ` ${mark}`).join(' ')}\n`);
  });

  test('simulate --overrides with a damaged file refuses with the reason', async () => {
    const file = storeFile();
    writeFileSync(file, '{"version":2}');
    await expect(runSimulate({ at: '2026-11-24T11:00', calendar: GOOGLE_CALENDAR_FIXTURE, overrides: file })).rejects.toThrow(/is not a live override document \(version 2/);
  });

  test.each<[string, Record<string, string>, RegExp]>([
    ['no --until', { reason: 'x' }, /--until <instant> is required/],
    ['no --reason', { until: '2026-11-24T12:00' }, /--reason <text> is required/],
    ['an empty reason', { until: '2026-11-24T12:00', reason: '   ' }, /--reason: say why/],
    ['a reason on two lines', { until: '2026-11-24T12:00', reason: '台風\n接近' }, /one line of text/],
    ['a 201-character reason', { until: '2026-11-24T12:00', reason: 'あ'.repeat(201) }, /at most 200 characters \(201 given\)/],
    ['--until before --from', { from: '2026-11-24T12:00', until: '2026-11-24T11:00', reason: 'x' }, /--until must be after --from/],
    ['--until already past', { from: '2026-11-20T10:00', until: '2026-11-20T11:00', reason: 'x' }, /--until is already past/],
    ['32 days', { from: '2026-11-24T00:00', until: '2026-12-26T00:00', reason: 'x' }, /at most 31 days at once/],
    ['a start 401 days ahead', { from: '2027-12-27T10:00', until: '2027-12-27T11:00', reason: 'x' }, /--from at most 400 days ahead/],
    ['a bad instant', { from: '24/11/2026 10:00', until: '2026-11-24T11:00', reason: 'x' }, /--from "24\/11\/2026 10:00" is not an ISO 8601 date and time/],
    ['several problems at once', { from: '2026-11-24T12:00', until: '2026-11-24T11:00', reason: '' }, /--reason: say why.*; --until must be after --from/],
  ])('refuses %s with one line, writing nothing', async (_what, given, message) => {
    const file = storeFile();
    const result = await run((commandIo) => runChangeCommand('close', { store: file, ...given }, commandIo));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^close: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  test.each([
    ['not a URL', 'notaurl', /--endpoint-url "notaurl" is not an http\(s\) URL/],
    ['another scheme', 'ftp://127.0.0.1:21', /--endpoint-url "ftp:\/\/127.0.0.1:21" is not an http\(s\) URL/],
    ['nothing listening', 'http://127.0.0.1:9', /^status: cannot read s3:\/\/site-bucket\/.*ECONNREFUSED/],
  ])('--endpoint-url %s: one line, exit 1', async (_what, endpointUrl, message) => {
    const result = await run((commandIo) => runStatusCommand({ bucket: BUCKET, endpointUrl }, commandIo));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^status: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
  });

  test('--store with --endpoint-url is a usage error', async () => {
    const result = await run((commandIo) => runChangeCommand('close', { store: storeFile(), endpointUrl: s3.endpoint, until: '2026-11-24T12:00', reason: 'x' }, commandIo));
    expect(result.stderr).toMatch(/^close: --store is a local file: it takes no --endpoint-url or --bucket\n$/);
  });
});
