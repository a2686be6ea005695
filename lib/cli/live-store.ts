/**
 * Where the live override document is read and written by the ops commands: the stack's bucket (S3, or any
 * S3-compatible endpoint) or a local file for trying things out. Every write is conditional on the version read, and
 * a change whose write loses a race is re-applied to the winner's document, so two people editing at once never
 * lose each other's change.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { errorLine, errorMessage, httpStatusOf } from '../../lambda/shared/errors';
import {
  EMPTY_LIVE_OVERRIDES,
  LiveOverride,
  LiveOverrideDocument,
  LiveOverridesFormatError,
  parseLiveOverrides,
  serializeLiveOverrides,
} from '../../lambda/shared/live-overrides';
import { isMissingObject } from '../../lambda/shared/s3-object';

/** The document as stored, and the version token a conditional write must name (undefined: no document yet). */
export interface StoredLiveOverrides {
  readonly document: LiveOverrideDocument;
  readonly version: string | undefined;
}

/** A place that holds the document. */
export interface LiveStore {
  /** For messages: `s3://bucket/key` or the file's path. */
  readonly where: string;
  /** True for the deployed stack's store (changes reach calls and e-mail admins). */
  readonly live: boolean;
  /** Read the document; a missing one is the empty document. Throws {@link LiveStoreError} for a damaged one. */
  read(): Promise<StoredLiveOverrides>;
  /** Write `document` if the stored version is still `expected`; `conflict` when someone else wrote in between. */
  write(document: LiveOverrideDocument, expected: string | undefined): Promise<'written' | 'conflict'>;
}

/** The store cannot be used (damaged document, no access, no such bucket). */
export class LiveStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LiveStoreError';
  }
}

function parseStored(text: string, where: string): LiveOverrideDocument {
  try {
    return parseLiveOverrides(text);
  } catch (error) {
    if (error instanceof LiveOverridesFormatError) {
      // Never overwrite what we cannot read: the damage may hide a closure someone relies on.
      throw new LiveStoreError(
        `${where} is not a live override document (${error.message}); nothing was changed. Restore an earlier version ` +
          '(the bucket keeps them) or fix the file, then try again',
      );
    }
    throw error;
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * A local file: for trying commands out and for `simulate --overrides`. The version is the content's SHA-256; a write
 * re-reads the file first and goes through a temporary file and a rename, so a reader never sees half a document.
 */
export function fileLiveStore(file: string): LiveStore {
  const where = path.resolve(file);
  const readText = (): string | undefined => (existsSync(where) ? readFileSync(where, 'utf8') : undefined);
  return {
    where,
    live: false,
    async read() {
      let text: string | undefined;
      try {
        text = readText();
      } catch (error) {
        throw new LiveStoreError(`cannot read ${where}: ${errorMessage(error)}`, { cause: error });
      }
      return text === undefined ? { document: EMPTY_LIVE_OVERRIDES, version: undefined } : { document: parseStored(text, where), version: sha256(text) };
    },
    async write(document, expected) {
      const current = readText();
      if ((current === undefined ? undefined : sha256(current)) !== expected) return 'conflict';
      const temporary = `${where}.${process.pid}.tmp`;
      writeFileSync(temporary, serializeLiveOverrides(document), 'utf8');
      renameSync(temporary, where);
      return 'written';
    },
  };
}

/** The stack's bucket (or an S3-compatible endpoint): versions are ETags, writes use If-Match / If-None-Match. */
export function s3LiveStore(client: S3Client, bucket: string, key: string): LiveStore {
  const where = `s3://${bucket}/${key}`;
  return {
    where,
    live: true,
    async read() {
      try {
        const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const text = (await output.Body?.transformToString('utf-8')) ?? '';
        return { document: parseStored(text, where), version: output.ETag };
      } catch (error) {
        if (isMissingObject(error)) return { document: EMPTY_LIVE_OVERRIDES, version: undefined };
        if (error instanceof LiveStoreError) throw error;
        throw new LiveStoreError(`cannot read ${where}: ${errorLine(error)}`, { cause: error });
      }
    },
    async write(document, expected) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: serializeLiveOverrides(document),
            ContentType: 'application/json; charset=utf-8',
            ...(expected === undefined ? { IfNoneMatch: '*' } : { IfMatch: expected }),
          }),
        );
        return 'written';
      } catch (error) {
        // 412: the object changed since we read it (or appeared). 409: another conditional write to it is under way.
        const status = httpStatusOf(error);
        if (status === 412 || status === 409) return 'conflict';
        throw new LiveStoreError(`cannot write ${where}: ${errorLine(error)}`, { cause: error });
      }
    },
  };
}

/** How many times a change is re-applied after losing a race before giving up. */
export const MAX_CHANGE_ATTEMPTS = 5;

/** A change made: the document written, the override it added or cleared, and how many attempts it took. */
export interface ChangeResult {
  readonly document: LiveOverrideDocument;
  readonly override: LiveOverride;
  readonly attempts: number;
}

/**
 * Read, apply `change`, write conditionally; on a conflict read the winner's document and apply `change` to it again
 * (it may now refuse, e.g. an overlap the other person just created). Throws what `change` throws, or
 * {@link LiveStoreError} after {@link MAX_CHANGE_ATTEMPTS} lost races.
 */
export async function changeLiveOverrides(
  store: LiveStore,
  change: (document: LiveOverrideDocument) => { document: LiveOverrideDocument; override: LiveOverride },
): Promise<ChangeResult> {
  for (let attempt = 1; attempt <= MAX_CHANGE_ATTEMPTS; attempt += 1) {
    const stored = await store.read();
    const changed = change(stored.document);
    if ((await store.write(changed.document, stored.version)) === 'written') return { ...changed, attempts: attempt };
  }
  throw new LiveStoreError(`${store.where} kept changing under this write (${MAX_CHANGE_ATTEMPTS} attempts); nothing was changed, try again`);
}
