/**
 * The stored holiday list in S3, read with a conditional GET, within a deadline a caller can afford.
 */
import { GetObjectCommand, S3Client, S3ClientConfig, S3ServiceException } from '@aws-sdk/client-s3';
import type { HolidayListSource, ListFetchResult } from './list-cache';
import { errorLine, httpStatusOf } from '../shared/errors';

/**
 * How long the checker lets S3 take. The contact flow gives the checker 3 s (the Lambda timeout is the same), and
 * a cold start already spends a few hundred milliseconds loading code, so a read must fail fast and leave room
 * for the fallback answer:
 * - connect 250 ms: an in-region connection to S3 takes about a millisecond; one lost SYN would cost the 1 s
 *   retransmit, better spent on a fresh attempt.
 * - request 1000 ms of socket inactivity: a 304 or a list of a few kilobytes arrives in tens of milliseconds.
 * - 2 attempts: one retry absorbs the occasional 500/503 or reset connection S3 documents as transient.
 * - an overall deadline of 1500 ms caps attempts, backoff and body together.
 */
export const CHECKER_S3_LIMITS = {
  connectionTimeoutMs: 250,
  requestTimeoutMs: 1000,
  maxAttempts: 2,
  deadlineMs: 1500,
} as const;

/** The S3 client settings that apply {@link CHECKER_S3_LIMITS}; the handler adds nothing else. */
export const CHECKER_S3_CLIENT_CONFIG: S3ClientConfig = {
  maxAttempts: CHECKER_S3_LIMITS.maxAttempts,
  requestHandler: {
    connectionTimeout: CHECKER_S3_LIMITS.connectionTimeoutMs,
    requestTimeout: CHECKER_S3_LIMITS.requestTimeoutMs,
  },
};

/** A read of the stored list failed for a reason other than "no such key" (network, timeout, access, 5xx). */
export class HolidayListReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HolidayListReadError';
  }
}

/** Where the list is and how long a read may take. */
export interface S3ListLocation {
  readonly bucket: string;
  readonly key: string;
  /** Abort a read (all attempts and the body) after this long. @default CHECKER_S3_LIMITS.deadlineMs */
  readonly deadlineMs?: number;
}

/** Read the holiday list object with `If-None-Match`, so an unchanged list costs a 304 and no transfer. */
export function s3HolidayListSource(client: S3Client, location: S3ListLocation): HolidayListSource {
  const deadlineMs = location.deadlineMs ?? CHECKER_S3_LIMITS.deadlineMs;
  return {
    async fetch(ifNoneMatch: string | undefined): Promise<ListFetchResult> {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), deadlineMs);
      try {
        const output = await client.send(
          new GetObjectCommand({ Bucket: location.bucket, Key: location.key, IfNoneMatch: ifNoneMatch }),
          { abortSignal: abort.signal },
        );
        if (output.Body === undefined) throw new HolidayListReadError('GetObject returned no body');
        const body = await output.Body.transformToString('utf-8');
        return { kind: 'changed', body, etag: output.ETag };
      } catch (error) {
        // The SDK surfaces "Not Modified" as an error carrying the 304 status.
        const status = httpStatusOf(error);
        if (status === 304) return { kind: 'unchanged' };
        if (status === 404 || (error instanceof S3ServiceException && error.name === 'NoSuchKey')) {
          return { kind: 'missing' };
        }
        if (error instanceof HolidayListReadError) throw error;
        const reason = errorLine(error);
        throw new HolidayListReadError(
          abort.signal.aborted ? `no answer within ${deadlineMs} ms (${reason})` : reason,
          { cause: error },
        );
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

