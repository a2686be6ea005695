import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';
import type { SiteConfig } from '../config/site-config';
import { renderCustomerQueueFlow } from '../flow/render';
import { assertValidContactFlow } from '../flow/validate';

/** The resolved `routing.queue` of a site configuration. */
export type StaffQueueConfig = NonNullable<NonNullable<SiteConfig['routing']>['queue']>;

/** Props of {@link StaffQueue}. */
export interface StaffQueueProps {
  /** The validated site configuration; its `routing.queue` is set. */
  readonly config: SiteConfig;
  /** The instance the queue, the routing profile and the flow live in. */
  readonly instanceArn: string;
  /** The business hours: the queue's hours, and the hours the customer-queue flow checks while a caller waits. */
  readonly businessHours: connect.CfnHoursOfOperation;
  /**
   * The is-holiday checker's function ARN. The customer-queue flow does not invoke it; the renderer takes every
   * reference of the line's flows at once.
   */
  readonly checkerFunctionArn: string;
}

/**
 * Staff who answer in Amazon Connect (`routing.queue`): the queue in-hours callers wait in, the routing profile that
 * offers its calls to the staff it is given to, and the customer-queue flow callers hear while they wait (their place
 * in the queue, hold audio, an apology when the hours end).
 */
export class StaffQueue extends Construct {
  /** The site's `routing.queue`. */
  readonly settings: StaffQueueConfig;
  /** The queue. */
  readonly queue: connect.CfnQueue;
  /** The routing profile ops give to staff (`<siteName> staff`). */
  readonly routingProfile: connect.CfnRoutingProfile;
  /** The customer-queue flow (type `CUSTOMER_QUEUE`). */
  readonly customerQueueFlow: connect.CfnContactFlow;

  constructor(scope: Construct, id: string, props: StaffQueueProps) {
    super(scope, id);
    const { config } = props;
    const settings = config.routing?.queue;
    if (settings === undefined) {
      throw new Error(`StaffQueue ${this.node.path}: the site configuration has no routing.queue`);
    }
    this.settings = settings;

    // Nothing in these three is data (contact records stay in the instance), and a retained one would block a later
    // deploy from creating another of the same name: they go with the stack or with routing.queue. DeleteRoutingProfile
    // can fail with ResourceInUseException, presumably while staff still hold the profile [unverified]: ops move staff
    // to another profile first (README).
    this.queue = new connect.CfnQueue(this, 'Queue', {
      instanceArn: props.instanceArn,
      name: settings.name,
      description: 'In-hours callers waiting for staff. Managed by connect-after-hours; edit the site configuration, not the console.',
      // The same hours the inbound flow checks before queueing: closed days linked to them close the queue too.
      hoursOfOperationArn: props.businessHours.attrHoursOfOperationArn,
      // Beyond it TransferContactToQueue takes QueueAtCapacity and the caller hears fullText.
      maxContacts: settings.maxContacts,
    });
    this.queue.applyRemovalPolicy(RemovalPolicy.DESTROY);

    this.routingProfile = new connect.CfnRoutingProfile(this, 'RoutingProfile', {
      instanceArn: props.instanceArn,
      name: `${config.siteName} staff`,
      description: 'Staff answering this line\'s queue, one call at a time. Managed by connect-after-hours; assign it to users in the console.',
      // Connect requires one; staff rarely call out from this line.
      defaultOutboundQueueArn: this.queue.attrQueueArn,
      mediaConcurrencies: [{ channel: 'VOICE', concurrency: 1 }],
      queueConfigs: [{ delay: 0, priority: 1, queueReference: { channel: 'VOICE', queueArn: this.queue.attrQueueArn } }],
    });
    this.routingProfile.applyRemovalPolicy(RemovalPolicy.DESTROY);

    const flow = renderCustomerQueueFlow(config, {
      checkerFunctionArn: props.checkerFunctionArn,
      hoursOfOperationArn: props.businessHours.attrHoursOfOperationArn,
    });
    if (flow === undefined) throw new Error(`StaffQueue ${this.node.path}: no customer-queue flow rendered for a queue-routed site`);
    // A flow Connect would reject fails synth here, naming every problem, as the inbound flow does.
    assertValidContactFlow(flow, { flowType: 'CUSTOMER_QUEUE' });
    this.customerQueueFlow = new connect.CfnContactFlow(this, 'CustomerQueueFlow', {
      instanceArn: props.instanceArn,
      name: `${config.siteName} customer queue`,
      description: 'What waiting callers hear: their place in the queue, hold audio, an apology when the hours end. Managed by connect-after-hours.',
      type: 'CUSTOMER_QUEUE',
      state: 'ACTIVE',
      content: Stack.of(this).toJsonString(flow),
    });
    this.customerQueueFlow.applyRemovalPolicy(RemovalPolicy.DESTROY);
  }
}
