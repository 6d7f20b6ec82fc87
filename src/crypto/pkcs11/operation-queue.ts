/**
 * Runs operations one at a time, in order. One queue per token: most tokens do one thing at a
 * time, and PKCS#11 forbids a second operation on a session while one is active.
 */
export class OperationQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(op: () => Promise<T> | T): Promise<T> {
    this.waiting++;
    const result = this.tail.then(op).finally(() => this.waiting--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Operations queued or running. */
  get size(): number {
    return this.waiting;
  }
}
