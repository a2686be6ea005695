/**
 * s3rver on loopback that counts the HTTP requests it receives: the benchmark's "S3 requests" are what the
 * server saw, whatever process or client sent them.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

// s3rver ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer: Server;
};

/** A running counting server. */
export interface CountingS3 {
  readonly endpoint: string;
  /** Requests received so far. */
  requests(): number;
  /** Store an object. */
  put(bucket: string, key: string, body: string): Promise<void>;
  /** A client for in-process use. */
  readonly client: S3Client;
  close(): Promise<void>;
}

/** Static dummy credentials s3rver accepts. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
/** The region the benchmark's clients claim. */
export const LOCAL_REGION = 'ap-northeast-1';

/** Start s3rver in `workDirectory` with `bucket` created. */
export async function startCountingS3(workDirectory: string, bucket: string): Promise<CountingS3> {
  const directory = mkdtempSync(path.join(workDirectory, 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const address = await server.run();
  let count = 0;
  server.httpServer.on('request', () => {
    count += 1;
  });
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({ endpoint, region: LOCAL_REGION, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    client,
    requests: () => count,
    async put(putBucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: putBucket, Key: key, Body: body, ContentType: 'application/json' }));
    },
    async close() {
      client.destroy();
      await server.close();
    },
  };
}
