/**
 * The CDK app: reads the site configuration once (`-c config=<path>`, default the bundled example), validates it,
 * and builds the stack. A bad configuration fails here, before any resource is built, listing every problem.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadSiteConfig } from '../lib/config/load';
import { AfterHoursStack } from '../lib/after-hours-stack';
import { stackEnvironment, stackName } from '../lib/config/stack-identity';

const app = new App();
const configPath = app.node.tryGetContext('config') as string | undefined;
const config = loadSiteConfig(configPath);

new AfterHoursStack(app, stackName(config), {
  config,
  env: stackEnvironment(config),
  description: `connect-after-hours: after-hours and holiday line for ${config.siteName}`,
  // A new value each synth makes the deploy-time holiday fetch run on every deploy.
  deployNonce: (app.node.tryGetContext('deployNonce') as string | undefined) ?? new Date().toISOString(),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
