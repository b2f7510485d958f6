/** Jest global teardown: stops containers the setup started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__emporiumInfrastructure?.stop();
}
