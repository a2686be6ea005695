/**
 * The change notifier: one e-mail per write of the live document (who did what, what is pending), read from the real
 * local S3; damage e-mailed as damage; the sync started once per event. SNS is a recording channel (no stand-in).
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { handleLiveChange, LiveChangeDeps } from '../../lambda/live-change/notify';
import { addLiveOverride, clearLiveOverride, EMPTY_LIVE_OVERRIDES, LIVE_OVERRIDES_KEY, serializeLiveOverrides } from '../../lambda/shared/live-overrides';
import type { LogRecord } from '../../lambda/shared/notice';
import { isMissingObject } from '../../lambda/shared/s3-object';
import { LocalS3, startLocalS3 } from '../support/local-s3';

const BUCKET = 'site-bucket';
const ALICE = 'arn:aws:sts::111122223333:assumed-role/ops/alice';
const NOW = new Date('2026-11-21T00:00:00.000Z');
const settings = { siteName: 'example-support', timeZone: 'Asia/Tokyo', key: LIVE_OVERRIDES_KEY };

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
});
afterAll(async () => {
  await s3.dispose();
});

function s3Event(keys: string[], principalId = 'AWS:AROAEXAMPLE:alice'): S3Event {
  return {
    Records: keys.map((key) => ({
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId },
      s3: { bucket: { name: BUCKET }, object: { key, size: 1, eTag: 'x', sequencer: '1' } },
    })),
  } as unknown as S3Event;
}

function world(overrides: Partial<LiveChangeDeps> = {}) {
  const sent: { subject: string; message: string }[] = [];
  const logs: LogRecord[] = [];
  let syncs = 0;
  const deps: LiveChangeDeps = {
    async readObject(key) {
      try {
        const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        return (await object.Body?.transformToString('utf-8')) ?? '';
      } catch (error) {
        if (isMissingObject(error)) return undefined;
        throw error;
      }
    },
    alerts: { publish: async (subject, message) => void sent.push({ subject, message }) },
    startSync: async () => void (syncs += 1),
    log: (record) => void logs.push(record),
    now: () => NOW,
    ...overrides,
  };
  return { deps, sent, logs, syncs: () => syncs };
}

const typhoon = addLiveOverride(
  EMPTY_LIVE_OVERRIDES,
  { kind: 'close', from: new Date('2026-11-24T01:00:00Z'), until: new Date('2026-11-24T05:00:00Z'), reason: '台風の接近' },
  { by: ALICE, now: NOW, newId: 'c-1a2b3c4d' },
);

async function store(text: string): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: LIVE_OVERRIDES_KEY, Body: text }));
}

describe('handleLiveChange', () => {
  test('a closure: one e-mail saying who closed when and why, what is pending, and how to undo it; then the sync', async () => {
    await store(serializeLiveOverrides(typhoon.document));
    const { deps, sent, syncs } = world();
    await expect(handleLiveChange(s3Event([LIVE_OVERRIDES_KEY]), deps, settings)).resolves.toEqual({ notified: 1, damaged: 0, syncStarted: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe('[example-support] 臨時休止を登録: 11-24 (火) 10:00〜 台風の接近 (alice)');
    expect(sent[0]?.message).toContain(`${ALICE} が 2026-11-21 (土) 09:00 に電話受付の臨時設定を登録しました。`);
    expect(sent[0]?.message).toContain('c-1a2b3c4d 臨時休止 2026-11-24 (火) 10:00 → 2026-11-24 (火) 14:00「台風の接近」');
    expect(sent[0]?.message).toContain('S3 が記録した書き込み元: AWS:AROAEXAMPLE:alice');
    expect(sent[0]?.message).toContain('現在有効・予定の臨時設定 (1 件、改訂 1)');
    expect(sent[0]?.message).toContain('npm run -s cli -- clear c-1a2b3c4d');
    expect(syncs()).toBe(1);
  });

  test('a clear: the e-mail says it was cleared, by whom, and nothing is pending', async () => {
    const cleared = clearLiveOverride(typhoon.document, 'c-1a2b3c4d', { by: 'arn:aws:iam::111122223333:user/bob', now: NOW });
    await store(serializeLiveOverrides(cleared.document));
    const { deps, sent } = world();
    await handleLiveChange(s3Event([LIVE_OVERRIDES_KEY]), deps, settings);
    expect(sent[0]?.subject).toMatch(/^\[example-support\] 取り消し: .*\(bob\)$/);
    expect(sent[0]?.message).toContain('臨時設定を取り消しました');
    expect(sent[0]?.message).toContain('(0 件、改訂 2)');
    expect(sent[0]?.message).not.toContain('取り消すには');
  });

  test.each([
    ['not JSON', '{"version":1,'],
    ['an unknown version', '{"version":9,"revision":0,"overrides":[]}'],
    ['an override with a newline in its reason', serializeLiveOverrides(typhoon.document).replace('台風の接近', '台風\\nの接近')],
  ])('a damaged document (%s): one e-mail saying calls keep the previous state, and the sync still runs', async (_what, text) => {
    await store(text);
    const { deps, sent, logs, syncs } = world();
    await expect(handleLiveChange(s3Event([LIVE_OVERRIDES_KEY]), deps, settings)).resolves.toEqual({ notified: 1, damaged: 1, syncStarted: true });
    expect(sent[0]?.subject).toBe('[example-support] 臨時設定の文書が壊れています (通話は以前の内容で案内中)');
    expect(sent[0]?.message).toContain('判定 Lambda はこの文書を使わず、以前に読めた内容のまま案内しています。');
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'live-change-damaged' }));
    expect(syncs()).toBe(1);
  });

  test('other keys are ignored; two writes in one event are two e-mails and one sync start', async () => {
    await store(serializeLiveOverrides(typhoon.document));
    const { deps, sent, syncs } = world();
    await expect(handleLiveChange(s3Event(['holidays/holiday-list.json']), deps, settings)).resolves.toEqual({ notified: 0, damaged: 0, syncStarted: false });
    await handleLiveChange(s3Event([LIVE_OVERRIDES_KEY, encodeURIComponent(LIVE_OVERRIDES_KEY)]), deps, settings);
    expect(sent).toHaveLength(2);
    expect(syncs()).toBe(1);
  });

  test('a failed sync start is logged, not thrown (a retry would e-mail again; the daily sync catches up)', async () => {
    await store(serializeLiveOverrides(typhoon.document));
    const { deps, sent, logs } = world({ startSync: async () => Promise.reject(new Error('TooManyRequestsException')) });
    await expect(handleLiveChange(s3Event([LIVE_OVERRIDES_KEY]), deps, settings)).resolves.toMatchObject({ notified: 1, syncStarted: false });
    expect(sent).toHaveLength(1);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'sync-start-failed', error: 'Error: TooManyRequestsException' }));
  });

  test('a failed e-mail throws, so Lambda retries the event', async () => {
    await store(serializeLiveOverrides(typhoon.document));
    const { deps } = world({ alerts: { publish: async () => Promise.reject(new Error('SNS down')) } });
    await expect(handleLiveChange(s3Event([LIVE_OVERRIDES_KEY]), deps, settings)).rejects.toThrow('SNS down');
  });
});
