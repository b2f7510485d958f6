import { TestEnvironment } from 'jest-environment-node';

declare global {
  /** How many tests of this suite have failed so far. */
  var __emporiumFailedTests: number | undefined;
}

/** Jest's Node environment that lets a suite know one of its tests failed (to print logs then). */
export default class FailureAwareEnvironment extends TestEnvironment {
  handleTestEvent(event: { name: string; test?: { errors: unknown[] } }): void {
    if (event.name === 'test_done' && event.test!.errors.length > 0) {
      this.global.__emporiumFailedTests = (this.global.__emporiumFailedTests ?? 0) + 1;
    }
  }
}
