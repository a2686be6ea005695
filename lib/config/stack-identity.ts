/**
 * The stack's name and environment, derived from the site configuration.
 */
import type { Environment } from 'aws-cdk-lib';
import type { SiteConfig } from './site-config';

/** One stack per site. */
export function stackName(config: SiteConfig): string {
  return `ConnectAfterHours-${config.siteName}`;
}

/**
 * Deploy where the Connect instance is: its ARN names the account and Region. Explicit values also let
 * `cdk synth` run with no credentials. A created instance takes the CLI's account and Region.
 */
export function stackEnvironment(config: SiteConfig): Environment {
  if (!('instanceArn' in config.connect)) return {};
  const [, , , region, account] = config.connect.instanceArn.split(':');
  return { account, region };
}
