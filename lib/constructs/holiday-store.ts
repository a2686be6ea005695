import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LIVE_OVERRIDES_KEY } from '../../lambda/shared/live-overrides';

/** Where the holiday list lives in the bucket. */
export const HOLIDAY_LIST_KEY = 'holidays/holiday-list.json';

/** Where ops' live overrides live (see `lambda/shared/live-overrides.ts`). */
export { LIVE_OVERRIDES_KEY } from '../../lambda/shared/live-overrides';

/** Where the override sync keeps its record of reported problems and its last run. */
export const SYNC_STATE_KEY = 'overrides/sync-state.json';

/** Props of {@link HolidayStore}. */
export interface HolidayStoreProps {
  /** Noncurrent list versions older than this are expired. @default 365 */
  readonly keepOldVersionsDays?: number;
}

/**
 * The bucket that holds the holiday list. Versioned so that no good list is ever lost; private, encrypted and
 * reachable over TLS only.
 */
export class HolidayStore extends Construct {
  /** The bucket. */
  readonly bucket: s3.Bucket;
  /** The one key the fetcher writes and the checker reads. */
  readonly holidayListKey = HOLIDAY_LIST_KEY;
  /** The override sync's own record. */
  readonly syncStateKey = SYNC_STATE_KEY;
  /** The live override document ops write with the CLI. */
  readonly liveOverridesKey = LIVE_OVERRIDES_KEY;

  constructor(scope: Construct, id: string, props: HolidayStoreProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-old-holiday-lists',
          noncurrentVersionExpiration: Duration.days(props.keepOldVersionsDays ?? 365),
          // Always keep the last few lists whatever their age, to roll back a bad one.
          noncurrentVersionsToRetain: 10,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // The list is rebuilt from the calendar, but its history is evidence of what callers heard: keep it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'One public-data JSON object written by one Lambda; versioning keeps every list, access logs add nothing.',
    });
  }

  /** Let `grantee` read the holiday list object, and nothing else in the bucket. */
  grantReadList(grantee: iam.IGrantable): void {
    this.grantRead(grantee, this.holidayListKey);
  }

  /** Let `grantee` read the live override document, and nothing else in the bucket. */
  grantReadLive(grantee: iam.IGrantable): void {
    this.grantRead(grantee, this.liveOverridesKey);
  }

  /** Let `grantee` read and write the override sync's record (and read nothing else). */
  grantSyncState(grantee: iam.IGrantable): void {
    this.grantRead(grantee, this.syncStateKey);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(this.syncStateKey)] }),
    );
  }

  private grantRead(grantee: iam.IGrantable, key: string): void {
    // Hand-written rather than grantRead: that would also allow listing and reading every other object.
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(key)] }));
    // Without ListBucket a missing key answers 403 instead of 404; scoped by prefix to the one key.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringEquals: { 's3:prefix': [key] } },
      }),
    );
  }

  /** Let `grantee` read and write the holiday list object (never delete). */
  grantWriteList(grantee: iam.IGrantable): void {
    this.grantReadList(grantee);
    // PutObject alone: the bucket is versioned and nothing may delete or overwrite history.
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(this.holidayListKey)] }),
    );
  }
}
