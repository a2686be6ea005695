/**
 * A real S3-compatible server (s3rver) on loopback, started and stopped by the tests themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
// s3rver ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};

/** A running s3rver and how to reach it. */
export interface LocalS3 {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Client settings that reach this server (static dummy credentials, path-style). */
  readonly clientConfig: S3ClientConfig;
  /** A client for the test's own reads and writes. */
  readonly client: S3Client;
  /** Stop the server (data kept on disk until `dispose`). */
  stop(): Promise<void>;
  /** Start it again on the same port with the same data. */
  restart(): Promise<void>;
  /** Stop and delete its data. */
  dispose(): Promise<void>;
}

/** Start s3rver on 127.0.0.1 (a free port unless given) with the named buckets created. */
export async function startLocalS3(buckets: readonly string[], port = 0): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'local-s3-'));
  const create = (listenPort: number) =>
    new S3rver({ address: '127.0.0.1', port: listenPort, silent: true, directory, resetOnClose: false });
  let server = create(port);
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const clientConfig: S3ClientConfig = {
    endpoint,
    region: 'ap-northeast-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const client = new S3Client(clientConfig);
  for (const bucket of buckets) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  let running = true;
  return {
    endpoint,
    clientConfig,
    client,
    async stop() {
      if (!running) return;
      running = false;
      await server.close();
    },
    async restart() {
      if (running) return;
      server = create(address.port);
      await server.run();
      running = true;
    },
    async dispose() {
      if (running) await server.close();
      running = false;
      client.destroy();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
