/**
 * One S3 object read as text: the list the fetcher writes, the sync's incident record. A missing object is "none
 * yet"; a missing bucket, a denied read or any other failure is thrown, so it alerts instead of starting from nothing.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { httpStatusOf } from './errors';

/** An object's text and the version it was read at. */
export interface StoredText {
  readonly text: string;
  /** The ETag: a write conditional on it fails if anyone wrote in between. */
  readonly etag: string | undefined;
}


/** True when S3 answered "no such object" (not "no such bucket": that is a deployment fault). */
export function isMissingObject(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'NoSuchBucket') return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || httpStatusOf(error) === 404;
}

/** The object's text and ETag, or undefined when there is no such object. Throws on any other failure. */
export async function readS3Text(s3: S3Client, bucket: string, key: string): Promise<StoredText | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { text: (await object.Body?.transformToString('utf-8')) ?? '', etag: object.ETag };
  } catch (error) {
    if (isMissingObject(error)) return undefined;
    throw error;
  }
}
