/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': 'ts-jest' },
  // Template tests bundle Lambdas with esbuild; give them room on a shared two-core machine.
  testTimeout: 120000,
  // A run fails if a test leaves a temp folder behind (see the guard).
  globalSetup: '<rootDir>/test/support/temp-guard-setup.cjs',
  globalTeardown: '<rootDir>/test/support/temp-guard-teardown.cjs',
};
