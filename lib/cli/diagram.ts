/**
 * `cli diagram`: write the contact flow as a Mermaid flowchart to `docs/contact-flow.md` (or stdout), with the
 * customer-queue flow when the site routes to a queue.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_PATH, loadSiteConfig } from '../config/load';
import { CONTACT_FLOW_DOC_PATH, contactFlowMarkdown } from '../flow/diagram';
import { EXAMPLE_FLOW_REFS, renderContactFlow, renderCustomerQueueFlow } from '../flow/render';
import { assertValidContactFlow } from '../flow/validate';
import { oneLine } from './usage';

/** Options of `diagram`, as commander hands them over. */
export interface DiagramOptions {
  readonly config?: string;
  readonly out?: string;
  readonly stdout?: boolean;
}

/**
 * The Markdown for a site's flows (the inbound flow, and the customer-queue flow of a queue-routed site), each
 * checked as it would deploy. The source named in the file is the config path relative to the repository, so the
 * committed file does not depend on where the checkout lives.
 */
export function renderDiagramDocument(configPath: string = DEFAULT_CONFIG_PATH): string {
  const config = loadSiteConfig(configPath);
  const flow = renderContactFlow(config, EXAMPLE_FLOW_REFS);
  assertValidContactFlow(flow);
  const customerQueueFlow = renderCustomerQueueFlow(config, EXAMPLE_FLOW_REFS);
  if (customerQueueFlow !== undefined) assertValidContactFlow(customerQueueFlow, { flowType: 'CUSTOMER_QUEUE' });
  const queueName = config.routing?.queue?.name;
  const repositoryRoot = path.join(__dirname, '..', '..');
  const relative = path.relative(repositoryRoot, path.resolve(configPath)).split(path.sep).join('/');
  return contactFlowMarkdown(flow, relative.startsWith('..') ? path.basename(configPath) : relative, {
    hoursOverrides: config.hoursOverrides.enabled,
    ...(queueName === undefined ? {} : { queueName }),
    ...(customerQueueFlow === undefined ? {} : { customerQueueFlow }),
  });
}

/** Add `diagram` to the CLI. */
export function registerDiagramCommand(program: Command): void {
  program
    .command('diagram')
    .description('write the contact flow (and a queue-routed site\'s customer-queue flow) as Mermaid flowcharts (docs/contact-flow.md)')
    .option('--config <file>', 'site configuration', DEFAULT_CONFIG_PATH)
    .option('--out <file>', 'where to write the Markdown', CONTACT_FLOW_DOC_PATH)
    .option('--stdout', 'print the Markdown instead of writing a file')
    .action((options: DiagramOptions) => {
      try {
        const markdown = renderDiagramDocument(options.config ?? DEFAULT_CONFIG_PATH);
        if (options.stdout === true) {
          process.stdout.write(markdown);
          return;
        }
        const out = options.out ?? CONTACT_FLOW_DOC_PATH;
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, markdown);
        process.stdout.write(`wrote ${out}\n`);
      } catch (error) {
        process.stderr.write(`diagram: ${oneLine(error)}\n`);
        process.exitCode = 1;
      }
    });
}
