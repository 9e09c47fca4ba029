export default async function globalTeardown(): Promise<void> {
  await globalThis.__WARDEN_TEST_SERVER__?.stop();
}
