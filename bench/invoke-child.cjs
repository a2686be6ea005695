'use strict';
/**
 * Runs in a fresh `node` process (no TypeScript loader), like a Lambda container: requires a bundled handler and
 * invokes it. Usage: node invoke-child.cjs <bundle.js> <cold|warm> <warmCalls> <result.json>
 *
 * cold: times require + the first call (the container's first answer), then exits.
 * warm: after the first call, times each of <warmCalls> further calls, one at a time as Lambda runs them.
 * The handler's own log lines go to this process's stdout, which the benchmark points at a file.
 */
const { writeFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

const [bundlePath, mode, warmCallsText, resultPath] = process.argv.slice(2);

function event(n) {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: `bench-${n}`,
        CustomerEndpoint: { Address: '+819000000000', Type: 'TELEPHONE_NUMBER' },
        InitiationMethod: 'INBOUND',
      },
      Parameters: {},
    },
  };
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function main() {
  const startedAt = performance.now();
  const { handler } = require(bundlePath);
  const loadedAt = performance.now();
  const firstAnswer = await handler(event(0));
  const answeredAt = performance.now();
  const result = {
    requireMs: loadedAt - startedAt,
    firstCallMs: answeredAt - loadedAt,
    coldStartMs: answeredAt - startedAt,
    // performance.now() counts from the process's start: node's own boot included.
    sinceProcessStartMs: answeredAt,
    firstAnswer,
  };
  if (mode === 'warm') {
    const calls = Number(warmCallsText);
    const latenciesUs = new Float64Array(calls);
    let lastAnswer;
    for (let n = 0; n < calls; n += 1) {
      const before = process.hrtime.bigint();
      lastAnswer = await handler(event(n + 1));
      latenciesUs[n] = Number(process.hrtime.bigint() - before) / 1000;
    }
    latenciesUs.sort();
    Object.assign(result, {
      warmCalls: calls,
      warmP50Us: quantile(latenciesUs, 0.5),
      warmP99Us: quantile(latenciesUs, 0.99),
      warmMaxUs: latenciesUs[calls - 1],
      lastAnswer,
    });
  }
  writeFileSync(resultPath, JSON.stringify(result));
}

main().then(
  // The SDK's keep-alive sockets would hold the process open; a container is simply frozen instead.
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
