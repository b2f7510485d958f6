// Integration and e2e tests wait on real infrastructure: give each test a minute (e2e: set per suite).
jest.setTimeout(Number(process.env.EMPORIUM_TEST_TIMEOUT_MS ?? 60_000));
