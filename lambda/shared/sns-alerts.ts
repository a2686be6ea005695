/**
 * The alert channel as SNS: one topic, e-mail subscriptions that read the subject.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AlertChannel } from './notice';

/** Alerts and reports as SNS messages on one topic. */
export function snsAlerts(sns: SNSClient, topicArn: string): AlertChannel {
  return {
    async publish(subject, message) {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };
}
