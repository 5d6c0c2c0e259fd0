// CommonJS on purpose: a jest.config.ts would need ts-node just to load the config.
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  testRegex: '(src|test)/.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  // NestJS 12 (and content-disposition, which @fastify/static needs, and file-type with its tokenizer packages)
  // ship ESM only; jest on Node 20 cannot require(esm), so swc compiles those packages to CJS.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|content-disposition|cookie|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/)',
  ],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/setup/plain-summary-reporter.js'],
  testTimeout: 60000,
};
