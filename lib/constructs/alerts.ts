import { Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Props of {@link Alerts}. */
export interface AlertsProps {
  /** One e-mail subscription per address. */
  readonly emails: readonly string[];
  /** Shown as the e-mail sender name. */
  readonly displayName: string;
}

/** The admins' alert topic and the alarms that publish to it. */
export class Alerts extends Construct {
  /** The topic every alert goes to. */
  readonly topic: sns.Topic;
  /** Every alarm made with {@link alarm}, for the dashboard. */
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: props.displayName, enforceSSL: true });
    for (const email of props.emails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key; alerts carry no secrets.',
    });
  }

  /**
   * An alarm that e-mails the topic when it enters ALARM. Alarms notify on state changes only, so one incident is
   * one e-mail however many calls or runs it spans.
   */
  alarm(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, props);
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
