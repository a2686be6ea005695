/**
 * The CDK app: reads the site configuration once (`-c config=<path>`, default the bundled example), validates it,
 * and builds the stack. A bad configuration fails here, before any resource is built, listing every problem — as
 * plain lines, not a stack trace. Warnings (the configuration deploys, but ops should know) are shown by synth.
 *
 *   -c config=<path>      the site configuration
 *   -c refresh=<text>     any new text re-runs the deploy-time actions (holiday fetch, a pending number association)
 */
import { Annotations, App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AfterHoursStack } from '../lib/after-hours-stack';
import { loadSiteConfigWithWarnings, LoadedSiteConfig } from '../lib/config/load';
import { stackEnvironment, stackName } from '../lib/config/stack-identity';
import { SiteConfigError } from '../lib/config/validate';

const CONTEXT_CONFIG = 'config';
const CONTEXT_REFRESH = 'refresh';

function loadOrReport(configPath: string | undefined): LoadedSiteConfig | undefined {
  try {
    return loadSiteConfigWithWarnings(configPath);
  } catch (error) {
    if (!(error instanceof SiteConfigError)) throw error;
    // The list is the message: ops need every problem, not where in the app it was noticed.
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return undefined;
  }
}

/**
 * Anything that stops synth after the configuration passed (a flow Connect would refuse, a CDK validation, a bundle
 * that cannot be built): its message as plain lines, without the stack, unless CONNECT_AFTER_HOURS_DEBUG is set.
 */
function reportSynthFailure(error: unknown): void {
  if (process.env.CONNECT_AFTER_HOURS_DEBUG !== undefined) throw error;
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').filter((line) => !/^\s+at /u.test(line));
  process.stderr.write(`Synth failed: ${lines.join('\n')}\n(set CONNECT_AFTER_HOURS_DEBUG=1 for the stack trace)\n`);
  process.exitCode = 1;
}

// Synthesised explicitly, and only for a valid configuration: a bad one writes no cloud assembly at all.
const app = new App({ autoSynth: false });
const loaded = loadOrReport(app.node.tryGetContext(CONTEXT_CONFIG) as string | undefined);
if (loaded !== undefined) {
  try {
    const { config, warnings } = loaded;
    const refresh = app.node.tryGetContext(CONTEXT_REFRESH) as string | undefined;
    const stack = new AfterHoursStack(app, stackName(config), {
      config,
      env: stackEnvironment(config),
      description: `connect-after-hours: after-hours and holiday line for ${config.siteName}`,
      ...(refresh === undefined ? {} : { refreshToken: String(refresh) }),
    });
    Tags.of(stack).add('Site', config.siteName);
    Tags.of(stack).add('ManagedBy', 'connect-after-hours');
    for (const warning of warnings) {
      Annotations.of(stack).addWarningV2(`connect-after-hours:config:${warning.path}`, `${warning.path}: ${warning.message}`);
    }
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    app.synth();
  } catch (error) {
    reportSynthFailure(error);
  }
}
