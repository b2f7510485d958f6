import * as net from 'node:net';
import { Reader, Writer } from '../../src';

/**
 * A bare Kafka protocol client over one socket, for tests that must control the exact bytes
 * (duplicate frames, malformed requests, specific API versions).
 */
export class RawClient {
  private nextCorrelationId = 1;
  private buffered = Buffer.alloc(0);
  private readonly pending = new Map<
    number,
    { resolve: (r: Reader) => void; reject: (e: Error) => void }
  >();
  private closedError: Error | null = null;

  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closedError = new Error('connection closed');
      for (const p of this.pending.values()) p.reject(this.closedError);
      this.pending.clear();
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Encodes a full request frame (size, header v1, body). */
  frame(
    apiKey: number,
    apiVersion: number,
    body: (w: Writer) => void,
    correlationId = this.nextCorrelationId++,
  ): Buffer {
    const w = new Writer()
      .int16(apiKey)
      .int16(apiVersion)
      .int32(correlationId)
      .nullableString('raw-client');
    body(w);
    const payload = w.toBuffer();
    const head = Buffer.alloc(4);
    head.writeInt32BE(payload.length);
    return Buffer.concat([head, payload]);
  }

  /** Sends a request and resolves with a reader over the response body. */
  request(
    apiKey: number,
    apiVersion: number,
    body: (w: Writer) => void = () => undefined,
  ): Promise<Reader> {
    const correlationId = this.nextCorrelationId++;
    return this.sendFrame(this.frame(apiKey, apiVersion, body, correlationId), correlationId);
  }

  /** Sends an already encoded frame and waits for the response with that correlation id. */
  sendFrame(frame: Buffer, correlationId: number): Promise<Reader> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.pending.set(correlationId, { resolve, reject });
      this.socket.write(frame);
    });
  }

  /** Writes bytes without expecting an answer. */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  /** Resolves when the broker has closed the connection (or after `ms`, with false). */
  waitClosed(ms = 2000): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) break;
      const frame = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const r = new Reader(frame);
      const correlationId = r.int32();
      const p = this.pending.get(correlationId);
      this.pending.delete(correlationId);
      p?.resolve(r);
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
