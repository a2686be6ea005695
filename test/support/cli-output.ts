/**
 * What an in-process CLI command writes, captured test by test: call once inside a `describe`. The arrays are
 * emptied before each test; after it the spies go and `process.exitCode` is reset (a command reports failure through
 * it, and leaving it set would fail the test run itself).
 */
export interface CapturedOutput {
  readonly stdout: string[];
  readonly stderr: string[];
}

export function captureCliOutput(): CapturedOutput {
  const output: CapturedOutput = { stdout: [], stderr: [] };
  beforeEach(() => {
    output.stdout.length = 0;
    output.stderr.length = 0;
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => output.stdout.push(String(chunk)) > 0);
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => output.stderr.push(String(chunk)) > 0);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
  });
  return output;
}
