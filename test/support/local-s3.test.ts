/**
 * The S3 stand-in itself: s3rver behind a front that adds S3's conditional writes. The real SDK client does every
 * request, so what these tests pin down is what production code will meet on the wire. Races are forced with the
 * stand-in's hooks, never with sleeps.
 */
import { existsSync } from 'node:fs';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectCommandInput,
  PutObjectCommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { LocalS3, startLocalS3 } from './local-s3';

const BUCKET = 'holiday-lists';
let s3: LocalS3;
let keyCounter = 0;

beforeAll(async () => {
  s3 = await startLocalS3([BUCKET]);
});

afterAll(async () => {
  await s3.dispose();
});

afterEach(async () => {
  s3.onConditionalPut(undefined);
  s3.onConditionalPutQueued(undefined);
  await s3.restart();
});

/** A key no other test has touched, so each test starts from "no object". */
function freshKey(): string {
  keyCounter += 1;
  return `site-${keyCounter}/holiday-list.json`;
}

function put(
  key: string,
  body: string,
  conditions: Partial<PutObjectCommandInput> = {},
): Promise<PutObjectCommandOutput> {
  return s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...conditions }));
}

async function read(key: string, client: S3Client = s3.client): Promise<{ body: string; etag: string | undefined }> {
  const answer = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { body: (await answer.Body?.transformToString()) ?? '', etag: answer.ETag };
}

async function exists(key: string): Promise<boolean> {
  try {
    await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

/** A promise the test settles by hand: how a hook is held and released without a timer. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const preconditionFailed = (condition: string) => ({
  name: 'PreconditionFailed',
  Condition: condition,
  $metadata: expect.objectContaining({ httpStatusCode: 412 }),
});

describe('create-only writes (If-None-Match: *)', () => {
  test('succeed when no object exists, and store it', async () => {
    const key = freshKey();
    const written = await put(key, 'first', { IfNoneMatch: '*' });
    expect(await read(key)).toEqual({ body: 'first', etag: written.ETag });
  });

  test('fail 412 PreconditionFailed when an object exists, leaving it untouched', async () => {
    const key = freshKey();
    const first = await put(key, 'first');
    await expect(put(key, 'second', { IfNoneMatch: '*' })).rejects.toMatchObject(preconditionFailed('If-None-Match'));
    expect(await read(key)).toEqual({ body: 'first', etag: first.ETag });
  });
});

describe('compare-and-swap writes (If-Match: <etag>)', () => {
  test('succeed with the current ETag, and the ETag changes to the new content', async () => {
    const key = freshKey();
    const first = await put(key, 'first');
    const second = await put(key, 'second', { IfMatch: first.ETag });
    expect(second.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(second.ETag).not.toBe(first.ETag);
    expect(await read(key)).toEqual({ body: 'second', etag: second.ETag });
  });

  test('accept the ETag unquoted too, as in the S3 User Guide example', async () => {
    const key = freshKey();
    const first = await put(key, 'first');
    await put(key, 'second', { IfMatch: first.ETag?.replace(/"/g, '') });
    expect((await read(key)).body).toBe('second');
  });

  test('fail 412 with a stale ETag, leaving body and ETag unchanged', async () => {
    const key = freshKey();
    const stale = await put(key, 'first');
    const current = await put(key, 'second');
    await expect(put(key, 'third', { IfMatch: stale.ETag })).rejects.toMatchObject(preconditionFailed('If-Match'));
    expect(await read(key)).toEqual({ body: 'second', etag: current.ETag });
  });

  test('fail 404 NoSuchKey when no object exists, creating nothing', async () => {
    const key = freshKey();
    await expect(put(key, 'first', { IfMatch: '"0123456789abcdef0123456789abcdef"' })).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: expect.objectContaining({ httpStatusCode: 404 }),
    });
    expect(await exists(key)).toBe(false);
  });
});

test.each<[string, (etag: string | undefined) => Partial<PutObjectCommandInput>]>([
  ['If-None-Match with an ETag', (etag) => ({ IfNoneMatch: etag })],
  ['If-Match: *', () => ({ IfMatch: '*' })],
  ['both headers at once', (etag) => ({ IfMatch: etag, IfNoneMatch: '*' })],
])('%s is refused 501 NotImplemented rather than guessed at, and nothing is written', async (_name, conditions) => {
  const key = freshKey();
  const first = await put(key, 'first');
  await expect(put(key, 'second', conditions(first.ETag))).rejects.toMatchObject({
    name: 'NotImplemented',
    $metadata: expect.objectContaining({ httpStatusCode: 501 }),
  });
  expect(await read(key)).toEqual({ body: 'first', etag: first.ETag });
});

describe('racing conditional writers', () => {
  test('two writers with the same If-Match: the first through the lock wins, the other gets 412', async () => {
    const key = freshKey();
    const original = await put(key, 'original');
    const lockedBy: string[] = [];
    const aHoldsLock = gate();
    const releaseA = gate();
    const bQueued = gate();
    let queued = 0;
    s3.onConditionalPutQueued(async () => {
      queued += 1;
      if (queued === 2) bQueued.open();
    });
    s3.onConditionalPut(async (lockedKey) => {
      lockedBy.push(lockedKey);
      if (lockedBy.length === 1) {
        aHoldsLock.open();
        await releaseA.promise;
      }
    });

    const writerA = put(key, 'from A', { IfMatch: original.ETag });
    await aHoldsLock.promise;
    const writerB = put(key, 'from B', { IfMatch: original.ETag });
    await bQueued.promise;
    // B has reached the front and queued, yet has not been let past the lock while A sits between lock and check.
    expect(lockedBy).toEqual([key]);
    releaseA.open();

    const [a, b] = await Promise.allSettled([writerA, writerB]);
    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: preconditionFailed('If-Match') });
    expect(lockedBy).toEqual([key, key]);
    const winner = (a as PromiseFulfilledResult<PutObjectCommandOutput>).value;
    expect(await read(key)).toEqual({ body: 'from A', etag: winner.ETag });
  });

  test('two create-only writers: exactly one creates the object', async () => {
    const key = freshKey();
    const releaseA = gate();
    const aHoldsLock = gate();
    const bQueued = gate();
    let queued = 0;
    let locked = 0;
    s3.onConditionalPutQueued(async () => {
      queued += 1;
      if (queued === 2) bQueued.open();
    });
    s3.onConditionalPut(async () => {
      locked += 1;
      if (locked === 1) {
        aHoldsLock.open();
        await releaseA.promise;
      }
    });

    const writerA = put(key, 'from A', { IfNoneMatch: '*' });
    await aHoldsLock.promise;
    const writerB = put(key, 'from B', { IfNoneMatch: '*' });
    await bQueued.promise;
    releaseA.open();

    const results = await Promise.allSettled([writerA, writerB]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    expect(results[1]).toMatchObject({ reason: preconditionFailed('If-None-Match') });
    expect((await read(key)).body).toBe('from A');
  });

  test('a writer held on one key does not hold up a conditional write to another key', async () => {
    const heldKey = freshKey();
    const otherKey = freshKey();
    const releaseHeld = gate();
    const heldHasLock = gate();
    s3.onConditionalPut(async (key) => {
      if (key === heldKey) {
        heldHasLock.open();
        await releaseHeld.promise;
      }
    });

    const held = put(heldKey, 'held', { IfNoneMatch: '*' });
    await heldHasLock.promise;
    // Would never settle if the lock were global: the held writer is only released after it.
    await put(otherKey, 'other', { IfNoneMatch: '*' });
    expect(await exists(heldKey)).toBe(false);
    releaseHeld.open();
    await held;
    expect((await read(heldKey)).body).toBe('held');
  });
});

describe('everything else passes through to s3rver unchanged', () => {
  test('unconditional PUT overwrites, GET and HEAD read it back with the same ETag', async () => {
    const key = freshKey();
    await put(key, 'first');
    const second = await put(key, 'second', { ContentType: 'application/json' });
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head).toMatchObject({ ETag: second.ETag, ContentType: 'application/json', ContentLength: 'second'.length });
    expect(await read(key)).toEqual({ body: 'second', etag: second.ETag });
  });

  test('GET with If-None-Match answers 304 for the current ETag and the object for an old one', async () => {
    const key = freshKey();
    const old = await put(key, 'first');
    const current = await put(key, 'second');
    await expect(
      s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, IfNoneMatch: current.ETag })),
    ).rejects.toMatchObject({ $metadata: expect.objectContaining({ httpStatusCode: 304 }) });
    const changed = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, IfNoneMatch: old.ETag }));
    expect(await changed.Body?.transformToString()).toBe('second');
  });

  test('a conditional PUT to a missing bucket gets s3rver\'s NoSuchBucket', async () => {
    await expect(
      s3.client.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x', IfNoneMatch: '*' })),
    ).rejects.toMatchObject({ name: 'NoSuchBucket', $metadata: expect.objectContaining({ httpStatusCode: 404 }) });
  });
});

// Large bodies make the SDK send Expect: 100-continue; the front then answers a failed condition before the body.
test('conditional writes behave the same when the SDK asks Expect: 100-continue', async () => {
  const key = freshKey();
  const asking = new S3Client({ ...s3.clientConfig, expectContinueHeader: true });
  try {
    const first = await asking.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'first', IfNoneMatch: '*' }),
    );
    await expect(
      asking.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'second', IfNoneMatch: '*' })),
    ).rejects.toMatchObject(preconditionFailed('If-None-Match'));
    await asking.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'third', IfMatch: first.ETag }));
    expect((await read(key)).body).toBe('third');
  } finally {
    asking.destroy();
  }
});

describe('outages', () => {
  test('stop refuses connections; restart serves the same data on the same endpoint, conditions included', async () => {
    const key = freshKey();
    const endpoint = s3.endpoint;
    const written = await put(key, 'kept');
    await s3.stop();
    const oneTry = new S3Client({ ...s3.clientConfig, maxAttempts: 1 });
    try {
      await expect(read(key, oneTry)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      oneTry.destroy();
    }

    await s3.restart();
    expect(s3.endpoint).toBe(endpoint);
    // The test's client still points at the old port, so this read also proves the port is the same.
    expect(await read(key)).toEqual({ body: 'kept', etag: written.ETag });
    await expect(put(key, 'lost', { IfNoneMatch: '*' })).rejects.toMatchObject(preconditionFailed('If-None-Match'));
    await put(key, 'updated', { IfMatch: written.ETag });
    expect((await read(key)).body).toBe('updated');
  });

  test('stop and restart are idempotent', async () => {
    await s3.stop();
    await s3.stop();
    await s3.restart();
    await s3.restart();
    const key = freshKey();
    await put(key, 'x');
    expect(await exists(key)).toBe(true);
  });
});

test('dispose stops the server and removes its temporary directory', async () => {
  const own = await startLocalS3(['scratch']);
  await own.client.send(new PutObjectCommand({ Bucket: 'scratch', Key: 'k', Body: 'x' }));
  expect(existsSync(own.directory)).toBe(true);
  const oneTry = new S3Client({ ...own.clientConfig, maxAttempts: 1 });
  await own.dispose();
  try {
    expect(existsSync(own.directory)).toBe(false);
    const afterDispose = oneTry.send(new HeadObjectCommand({ Bucket: 'scratch', Key: 'k' }));
    await expect(afterDispose).rejects.toThrow(/ECONNREFUSED/);
  } finally {
    oneTry.destroy();
  }
});
