import * as net from 'node:net';
import { encodeApiVersions } from '../apis/api-versions';
import { ApiHandler, RequestContext, RequestHeader } from '../apis/api-handler';
import { BrokerContext } from '../broker-context';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { ProtocolError } from '../protocol/protocol-error';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import { FrameDecoder, FrameError } from './frame-decoder';

/** Stop reading from a client that has this many requests queued (it is not reading replies). */
const MAX_QUEUED_REQUESTS = 256;
/** Responses up to this size are copied into one buffer and written with a single call. */
const SMALL_RESPONSE_BYTES = 16 * 1024;

/**
 * One client connection. Requests are handled strictly one at a time, in order, like Kafka's
 * muted channels, so responses are always in request order. Anything wrong with a request
 * closes this connection only.
 */
export class Connection {
  private readonly decoder: FrameDecoder;
  private readonly queue: Buffer[] = [];
  private readonly closeListeners = new Set<() => void>();
  private processing = false;
  private closed = false;
  private readonly clientHost: string;

  constructor(
    private readonly socket: net.Socket,
    private readonly broker: BrokerContext,
    private readonly handlers: ReadonlyMap<number, ApiHandler>,
  ) {
    this.decoder = new FrameDecoder(broker.options.maxFrameBytes);
    this.clientHost = `/${socket.remoteAddress ?? 'unknown'}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) =>
      broker.logger.debug(`connection ${this.clientHost}: ${err.message}`),
    );
    socket.on('close', () => this.onClosed());
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      this.fail(err instanceof FrameError ? err.message : `bad frame: ${String(err)}`);
      return;
    }
    if (frames.length === 0) return;
    this.queue.push(...frames);
    if (this.queue.length >= MAX_QUEUED_REQUESTS) this.socket.pause();
    if (!this.processing) void this.drainQueue();
  }

  private async drainQueue(): Promise<void> {
    this.processing = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const frame = this.queue.shift()!;
        if (this.queue.length < MAX_QUEUED_REQUESTS / 2 && this.socket.isPaused()) {
          this.socket.resume();
        }
        await this.handleFrame(frame);
        if (this.socket.writableNeedDrain) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              this.socket.off('drain', done);
              this.socket.off('close', done);
              resolve();
            };
            this.socket.on('drain', done);
            this.socket.on('close', done);
          });
        }
      }
    } catch (err) {
      this.fail(`unexpected error: ${(err as Error).stack ?? String(err)}`, 'error');
    } finally {
      this.processing = false;
    }
  }

  private async handleFrame(frame: Buffer): Promise<void> {
    let header: RequestHeader | null = null;
    try {
      const r = new Reader(frame);
      header = {
        apiKey: r.int16(),
        apiVersion: r.int16(),
        correlationId: r.int32(),
        clientId: r.nullableString(),
      };
      const handler = this.handlers.get(header.apiKey);
      if (
        header.apiKey === ApiKey.ApiVersions &&
        handler &&
        header.apiVersion > handler.maxVersion
      ) {
        // The client retries with a version from this (v0-shaped) list.
        this.send(
          header.correlationId,
          encodeApiVersions(this.broker.supportedApis, 0, ErrorCode.UNSUPPORTED_VERSION),
        );
        return;
      }
      if (!handler) throw new ProtocolError(`unknown API key ${header.apiKey}`);
      if (header.apiVersion < handler.minVersion || header.apiVersion > handler.maxVersion) {
        throw new ProtocolError(
          `unsupported version ${header.apiVersion} of API key ${header.apiKey}`,
        );
      }
      const response = await handler.handle(this.context(header), r);
      if (response !== null) this.send(header.correlationId, response);
    } catch (err) {
      const what = header
        ? `api ${header.apiKey} v${header.apiVersion} (correlation ${header.correlationId})`
        : 'request';
      if (err instanceof ProtocolError) this.fail(`malformed ${what}: ${err.message}`);
      else this.fail(`failed ${what}: ${(err as Error).stack ?? String(err)}`, 'error');
    }
  }

  private context(header: RequestHeader): RequestContext {
    return {
      broker: this.broker,
      header,
      clientHost: this.clientHost,
      isClosed: () => this.closed,
      onClose: (fn) => {
        this.closeListeners.add(fn);
        return () => this.closeListeners.delete(fn);
      },
    };
  }

  private send(correlationId: number, body: Writer): void {
    if (this.closed || this.socket.destroyed) return;
    const chunks = body.toChunks();
    const head = Buffer.allocUnsafe(8);
    head.writeInt32BE(body.length + 4, 0);
    head.writeInt32BE(correlationId, 4);
    if (body.length <= SMALL_RESPONSE_BYTES) {
      // One contiguous write is cheapest for the many small responses (produce acks, heartbeats).
      this.socket.write(Buffer.concat([head, ...chunks], body.length + 8));
      return;
    }
    this.socket.cork();
    this.socket.write(head);
    for (const c of chunks) this.socket.write(c);
    this.socket.uncork();
  }

  private fail(reason: string, level: 'warn' | 'error' = 'warn'): void {
    this.broker.logger[level](`closing connection from ${this.clientHost}: ${reason}`);
    this.close();
  }

  /** Closes the connection (pending requests are dropped). */
  close(): void {
    if (!this.closed) this.socket.destroy();
    this.onClosed();
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    for (const fn of [...this.closeListeners]) fn();
    this.closeListeners.clear();
  }
}
