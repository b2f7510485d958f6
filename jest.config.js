// One Jest run, one project per test layer (PLATFORM.md "Tests"). TypeScript is compiled by swc,
// which keeps Nest's decorator metadata; tsconfig path aliases are mapped below.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/\-]/g, '\\$&')}$`,
    `<rootDir>/${target}`,
  ]),
);

const transform = { '^.+\\.ts$': ['@swc/jest', require('./tools/lib/swc-options.cjs')] };

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      // Prints the services' error lines when a test fails (support/shop.ts runningPlatform).
      testEnvironment: '<rootDir>/libs/testing/src/failure-aware-environment.ts',
      testMatch: ['<rootDir>/apps/e2e/src/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-timeout.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/apps/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-timeout.ts'],
    },
  ],
};
