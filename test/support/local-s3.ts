/**
 * A real S3-compatible server (s3rver) on loopback, started and stopped by the tests themselves.
 *
 * s3rver has no conditional writes, so the clients do not talk to it directly: they talk to a small HTTP front on
 * 127.0.0.1 that passes every request through untouched and adds S3's documented `If-Match` / `If-None-Match`
 * behaviour to object PUTs. The front, not a mocked client, is what lets production code's conditional writes meet a
 * real wire protocol in the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream';
import { CreateBucketCommand, S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
// s3rver ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};

/**
 * A test's hook into a conditional PUT, given the object key (without the bucket). The PUT waits for the returned
 * promise, so a hook that awaits something the test controls holds that writer at that point.
 */
export type ConditionalPutHook = (key: string) => Promise<void>;

/** A running s3rver behind its conditional-write front, and how to reach it. */
export interface LocalS3 {
  /** `http://127.0.0.1:<port>`: the front, which stays on this port across `stop`/`restart`. */
  readonly endpoint: string;
  /** Client settings that reach this server (static dummy credentials, path-style). */
  readonly clientConfig: S3ClientConfig;
  /** A client for the test's own reads and writes. */
  readonly client: S3Client;
  /** The temporary directory holding the stored objects; `dispose` deletes it. */
  readonly directory: string;
  /** Stop the server (data kept on disk until `dispose`); clients then get connection refused, as in an outage. */
  stop(): Promise<void>;
  /** Start it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stop and delete its data. */
  dispose(): Promise<void>;
  /**
   * Set (or clear, with `undefined`) the hook run for each conditional PUT once it holds its key's lock and before
   * its condition is checked. A hook that waits keeps every other conditional PUT to that key waiting behind it, so
   * a test can stop writer A between "lock taken" and "condition checked" and prove writer B cannot get in there.
   */
  onConditionalPut(hook: ConditionalPutHook | undefined): void;
  /**
   * Set (or clear) the hook run for each conditional PUT as soon as it has joined its key's queue and before it waits
   * for the lock. When it runs for writer B while writer A holds the lock, B is certainly queued behind A: the
   * test's signal to release A, with no timer.
   */
  onConditionalPutQueued(hook: ConditionalPutHook | undefined): void;
}

/** Start s3rver and its front on 127.0.0.1 (the front on a free port unless given) with the named buckets created. */
export async function startLocalS3(buckets: readonly string[], port = 0): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'local-s3-'));
  const hooks: ConditionalPutHooks = { queued: undefined, locked: undefined };
  const locks = new KeyedLock();
  let upstream: Upstream;
  try {
    upstream = await startUpstream(directory);
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  // The handlers read `upstream` at call time: a restart gives s3rver a new port behind the same front.
  const front = createServer((req, res) => handle(req, res, false));
  // Taking over Expect: 100-continue lets a failed precondition be answered before the body is sent, as S3 does.
  front.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => handle(req, res, true));
  function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void {
    routeRequest(req, res, { upstream, locks, hooks, expectsContinue }).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendS3Error(res, 500, 'InternalError', `local-s3 front: ${message}`, {});
      else res.destroy();
    });
  }

  let frontPort: number;
  try {
    frontPort = await listen(front, port);
  } catch (error) {
    await stopUpstream(upstream);
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${frontPort}`;
  const clientConfig: S3ClientConfig = {
    endpoint,
    region: 'ap-northeast-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const client = new S3Client(clientConfig);
  let running = true;
  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    const closed = new Promise<void>((resolve) => front.close(() => resolve()));
    // Dropping open connections (idle keep-alive ones included) is what an outage looks like to a client.
    front.closeAllConnections();
    await closed;
    await stopUpstream(upstream);
  }

  try {
    for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    await stop();
    client.destroy();
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint,
    clientConfig,
    client,
    directory,
    stop,
    async restart() {
      if (running) return;
      upstream = await startUpstream(directory);
      try {
        await listen(front, frontPort);
      } catch (error) {
        await stopUpstream(upstream);
        throw error;
      }
      running = true;
    },
    async dispose() {
      await stop();
      client.destroy();
      rmSync(directory, { recursive: true, force: true });
    },
    onConditionalPut(hook) {
      hooks.locked = hook;
    },
    onConditionalPutQueued(hook) {
      hooks.queued = hook;
    },
  };
}

/** The s3rver behind the front: its own port (new on every start) and a connection pool to it. */
interface Upstream {
  readonly server: InstanceType<typeof S3rver>;
  readonly port: number;
  readonly agent: Agent;
}

interface ConditionalPutHooks {
  queued: ConditionalPutHook | undefined;
  locked: ConditionalPutHook | undefined;
}

interface FrontContext {
  readonly upstream: Upstream;
  readonly locks: KeyedLock;
  readonly hooks: ConditionalPutHooks;
  readonly expectsContinue: boolean;
}

async function startUpstream(directory: string): Promise<Upstream> {
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, resetOnClose: false });
  const address = await server.run();
  return { server, port: address.port, agent: new Agent({ keepAlive: true }) };
}

async function stopUpstream(upstream: Upstream): Promise<void> {
  // Pooled idle sockets would otherwise hold s3rver's close open.
  upstream.agent.destroy();
  await upstream.server.close();
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/*
 * S3's conditional-write rules, as documented by AWS:
 * - Amazon S3 User Guide, "How to prevent object overwrites with conditional writes" (conditional-writes.html),
 *   section "Conditional write behavior":
 *   - If-None-Match: "expects the * (asterisk) value"; no existing object with the key -> 200 OK; an existing object
 *     -> 412 Precondition Failed.
 *   - If-Match: existing object with a matching ETag -> 200 OK; ETag doesn't match -> 412 Precondition Failed;
 *     "If there's no current object version with the same name ... the operation fails with a 404 Not Found error"
 *     (S3's code for that is NoSuchKey).
 *   - "If multiple conditional writes ... occur for the same object name, the first write operation to finish
 *     succeeds. Amazon S3 then fails subsequent writes with a 412 Precondition Failed response." Hence the per-key
 *     lock held from the check until s3rver has stored the object: the loser of a race sees the winner's ETag.
 *   - The same page's CLI example passes the ETag unquoted (--if-match "6805f2cf..."), while responses carry it quoted
 *     ("\"6805f2cf...\""); both forms are compared by value.
 * - Amazon S3 API Reference, "PutObject" (request headers If-Match, If-None-Match): 412 on a failed precondition, and
 *   "If a conflicting operation occurs during the upload S3 returns a 409 ConditionalRequestConflict". The 409 comes
 *   from a DELETE or write landing inside S3's own upload window; this front serialises conditional writes, so it
 *   never produces one. Production code must still treat 409 as a lost race: this stand-in cannot prove that path.
 * Not in those pages, so refused loudly (501 NotImplemented, S3's code for an unsupported header) rather than
 * guessed: If-None-Match with anything but `*`, If-Match `*`, and both headers on one request.
 * Conditions apply to PutObject and CopyObject (a PUT on a key with no sub-resource query). Path-style addressing
 * only, which `clientConfig` and any IP-address endpoint use.
 */

/** An object PUT this front may have to check: bucket and key decoded, paths as sent (still percent-encoded). */
interface ObjectPut {
  readonly bucket: string;
  readonly key: string;
  readonly objectPath: string;
  readonly bucketPath: string;
}

interface Preconditions {
  readonly ifMatch: string | undefined;
  readonly ifNoneMatch: string | undefined;
}

/** What S3 would answer instead of storing the object. */
interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, string>>;
}

async function routeRequest(req: IncomingMessage, res: ServerResponse, context: FrontContext): Promise<void> {
  const target = objectPut(req);
  const conditions = preconditions(req);
  if (!target || !conditions) {
    await forward(req, res, context);
    return;
  }
  const unsupported = unsupportedPreconditions(conditions);
  if (unsupported) {
    sendS3Error(res, unsupported.status, unsupported.code, unsupported.message, unsupported.details);
    return;
  }
  const turn = context.locks.acquire(`${target.bucket}/${target.key}`);
  let release: (() => void) | undefined;
  try {
    await context.hooks.queued?.(target.key);
    release = await turn;
    await context.hooks.locked?.(target.key);
    const current = await currentObject(target, context.upstream);
    const refusal = current.kind === 'no-bucket' ? undefined : checkPreconditions(conditions, current, target.key);
    if (refusal) {
      sendS3Error(res, refusal.status, refusal.code, refusal.message, refusal.details);
      return;
    }
    // A missing bucket goes through too: s3rver answers NoSuchBucket, as S3 would.
    await forward(req, res, context);
  } finally {
    if (release) release();
    else void turn.then((releaseLater) => releaseLater());
  }
}

/** The request as a PutObject or CopyObject on a key, or `undefined` for anything else. */
function objectPut(req: IncomingMessage): ObjectPut | undefined {
  if (req.method !== 'PUT' || !req.url) return undefined;
  const queryAt = req.url.indexOf('?');
  const rawPath = queryAt === -1 ? req.url : req.url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : req.url.slice(queryAt + 1));
  // The SDK tags every operation with ?x-id=...; any other parameter (uploadId, tagging, acl) is a sub-resource.
  if ([...query.keys()].some((name) => name !== 'x-id')) return undefined;
  const match = /^\/([^/]+)\/(.+)$/.exec(rawPath);
  if (!match) return undefined;
  try {
    return {
      bucket: decodeURIComponent(match[1]),
      key: decodeURIComponent(match[2]),
      objectPath: rawPath,
      bucketPath: `/${match[1]}`,
    };
  } catch {
    return undefined; // Malformed escapes: let s3rver answer it.
  }
}

function preconditions(req: IncomingMessage): Preconditions | undefined {
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  return { ifMatch, ifNoneMatch };
}

function unsupportedPreconditions({ ifMatch, ifNoneMatch }: Preconditions): Refusal | undefined {
  const notImplemented = (header: string, value: string): Refusal => ({
    status: 501,
    code: 'NotImplemented',
    message: 'A header you provided implies functionality that is not implemented',
    details: { Header: header, Value: value },
  });
  if (ifMatch !== undefined && ifNoneMatch !== undefined) return notImplemented('If-Match', ifMatch);
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') return notImplemented('If-None-Match', ifNoneMatch);
  if (ifMatch !== undefined && ifMatch.trim() === '*') return notImplemented('If-Match', ifMatch);
  return undefined;
}

/** S3's verdict on one conditional PUT, given what is stored at its key now. */
function checkPreconditions(
  conditions: Preconditions,
  current: StoredObject | NoObject,
  key: string,
): Refusal | undefined {
  const preconditionFailed = (condition: string): Refusal => ({
    status: 412,
    code: 'PreconditionFailed',
    message: 'At least one of the pre-conditions you specified did not hold',
    details: { Condition: condition },
  });
  if (conditions.ifNoneMatch !== undefined) {
    return current.kind === 'absent' ? undefined : preconditionFailed('If-None-Match');
  }
  if (conditions.ifMatch !== undefined) {
    if (current.kind === 'absent') {
      return { status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.', details: { Key: key } };
    }
    return unquote(conditions.ifMatch) === unquote(current.etag) ? undefined : preconditionFailed('If-Match');
  }
  return undefined;
}

function unquote(etag: string): string {
  const trimmed = etag.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

interface StoredObject {
  readonly kind: 'object';
  readonly etag: string;
}
interface NoObject {
  readonly kind: 'absent';
}
interface NoBucket {
  readonly kind: 'no-bucket';
}

/**
 * What s3rver holds at the PUT's key now. s3rver lets unsigned requests through (its authentication middleware only
 * checks a request that carries a signature), so the front's own HEADs need no credentials.
 */
async function currentObject(target: ObjectPut, upstream: Upstream): Promise<StoredObject | NoObject | NoBucket> {
  const object = await head(target.objectPath, upstream);
  if (object.status === 200) {
    if (!object.etag) throw new Error(`s3rver sent no ETag for ${target.objectPath}`);
    return { kind: 'object', etag: object.etag };
  }
  if (object.status !== 404) throw new Error(`HEAD ${target.objectPath} answered ${object.status}`);
  // A HEAD answer has no body to tell NoSuchKey from NoSuchBucket.
  const bucket = await head(target.bucketPath, upstream);
  if (bucket.status === 404) return { kind: 'no-bucket' };
  if (bucket.status !== 200) throw new Error(`HEAD ${target.bucketPath} answered ${bucket.status}`);
  return { kind: 'absent' };
}

function head(requestPath: string, upstream: Upstream): Promise<{ status: number; etag: string | undefined }> {
  return new Promise((resolve, reject) => {
    const probe = request(
      { host: '127.0.0.1', port: upstream.port, method: 'HEAD', path: requestPath, agent: upstream.agent },
      (answer) => {
        answer.resume();
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, etag: answer.headers.etag }));
        answer.on('error', reject);
      },
    );
    probe.on('error', reject);
    probe.end();
  });
}

/**
 * Pass the request to s3rver unchanged (method, path and query, raw headers including Host, so a signature still
 * covers what it signed; body streamed) and its answer back. Resolves once s3rver's answer has been relayed or
 * the exchange failed: for a PUT that is after the object is stored.
 */
function forward(req: IncomingMessage, res: ServerResponse, context: FrontContext): Promise<void> {
  return new Promise((resolve) => {
    const upstreamRequest = request(
      {
        host: '127.0.0.1',
        port: context.upstream.port,
        method: req.method,
        path: req.url,
        headers: req.rawHeaders,
        agent: context.upstream.agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.rawHeaders));
        pipeline(answer, res, () => resolve());
      },
    );
    upstreamRequest.on('error', (error) => {
      if (!res.headersSent) sendS3Error(res, 503, 'ServiceUnavailable', `local-s3 front: ${error.message}`, {});
      else res.destroy();
      resolve();
    });
    if (context.expectsContinue) res.writeContinue();
    // Errors surface on upstreamRequest's 'error' above; a client that hangs up mid-body aborts the upstream PUT.
    pipeline(req, upstreamRequest, () => undefined);
  });
}

/** The answer's headers less the hop-by-hop ones, which describe s3rver's connection to the front, not the client's. */
function endToEndHeaders(rawHeaders: readonly string[]): string[] {
  const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding']);
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (!hopByHop.has(rawHeaders[i].toLowerCase())) kept.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return kept;
}

/** An S3 error document; the SDK takes `error.name` from Code and `$metadata.httpStatusCode` from the status. */
function sendS3Error(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details: Readonly<Record<string, string>>,
): void {
  const requestId = `LOCALS3${Math.floor(Math.random() * 1e12).toString(16).toUpperCase()}`;
  const hostId = 'local-s3';
  const fields = Object.entries(details)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}` +
    `<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
  res.writeHead(status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
    'x-amz-id-2': hostId,
  });
  res.end(body);
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => XML_ESCAPES[c] ?? c);
}

/** One FIFO lock per key: conditional PUTs to a key run check-then-store one at a time, other keys never wait. */
class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Join the key's queue now (synchronously, so the caller's place is fixed before anything else runs) and resolve
   * with the release function once every earlier holder has released.
   */
  acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let releaseMine!: () => void;
    const mine = new Promise<void>((resolve) => {
      releaseMine = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    return previous.then(() => () => {
      releaseMine();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }
}
