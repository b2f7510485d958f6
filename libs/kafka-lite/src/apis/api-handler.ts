import { BrokerContext } from '../broker-context';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

/** The request header (v1: non-flexible requests, the only kind this broker parses). */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** Per-request information handed to a handler. */
export interface RequestContext {
  readonly broker: BrokerContext;
  readonly header: RequestHeader;
  readonly clientHost: string;
  /** True once the client's connection is gone (long waits stop early). */
  isClosed(): boolean;
  /** Runs `fn` when the connection closes; returns a function that unregisters it. */
  onClose(fn: () => void): () => void;
}

/** Decodes one API's requests (for its supported versions) and encodes the response body. */
export interface ApiHandler {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Returns the response body, or null when no response is sent (Produce with acks=0). */
  handle(ctx: RequestContext, request: Reader): Promise<Writer | null> | Writer | null;
}
