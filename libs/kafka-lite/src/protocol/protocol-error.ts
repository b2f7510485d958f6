/** Thrown when a request cannot be decoded; the broker closes the offending connection. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
