import * as path from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../../lambda/shared/metrics';
import { HolidayStore } from './holiday-store';
import { HouseFunction } from './house-function';

/** Props of {@link LiveChangeNotifier}. */
export interface LiveChangeNotifierProps {
  readonly siteName: string;
  readonly timeZone: string;
  /** Where the live override document is written. */
  readonly store: HolidayStore;
  /** Where the change e-mails go. */
  readonly alertTopic: sns.ITopic;
  /** The override sync to start after each change. @default none (sync turned off) */
  readonly overrideSync?: lambda.IFunction;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Every write of the live override document, by whoever and however (the CLI, the console, a script), invokes a
 * function that e-mails who did what (the document's record and the principal S3 reports) and starts the override
 * sync. On the bucket rather than in the CLI, so a change can never happen silently.
 */
export class LiveChangeNotifier extends Construct {
  /** The notifier function. */
  readonly function: HouseFunction;

  constructor(scope: Construct, id: string, props: LiveChangeNotifierProps) {
    super(scope, id);
    this.function = new HouseFunction(this, 'Function', {
      entry: path.join(__dirname, '..', '..', 'lambda', 'live-change', 'index.ts'),
      description: `${props.siteName}: e-mails each live override change and starts the override sync`,
      timeout: Duration.seconds(30),
      memorySize: 256,
      logRetention: props.logRetention,
      environment: {
        [ENV.holidayBucket]: props.store.bucket.bucketName,
        [ENV.liveOverridesKey]: props.store.liveOverridesKey,
        [ENV.siteName]: props.siteName,
        [ENV.siteTimeZone]: props.timeZone,
        [ENV.alertTopicArn]: props.alertTopic.topicArn,
        ...(props.overrideSync === undefined ? {} : { [ENV.overrideSyncFunction]: props.overrideSync.functionName }),
      },
    });
    // The exact version each event names (s3:GetObjectVersion), and the current one: this key only.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [props.store.bucket.arnForObjects(props.store.liveOverridesKey)],
      }),
    );
    props.alertTopic.grantPublish(this.function);
    if (props.overrideSync !== undefined) {
      // The unqualified function only (grantInvoke would add every version and alias).
      this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.overrideSync.functionArn] }));
    }
    props.store.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.function), {
      prefix: props.store.liveOverridesKey,
    });
    // The notification is set by CDK's own singleton function (S3 has no CloudFormation property that can name a
    // function whose permission names the bucket without a cycle): acknowledge its managed policy and wildcard.
    const handler = Stack.of(this).node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (handler !== undefined) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK\'s own bucket-notification handler: the basic execution role (CloudWatch Logs only), not ours to change.',
      });
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'CDK\'s own bucket-notification handler puts the notification configuration (s3:PutBucketNotification has no narrower form CDK uses).',
      });
    }
  }
}
