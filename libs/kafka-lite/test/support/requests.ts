import { ApiKey, Reader, Writer } from '../../src';
import { RawClient } from './raw-client';

/** Encodes a Produce v7 body for one partition. */
export function produceBody(
  topic: string,
  partition: number,
  batch: Buffer,
  acks = -1,
): (w: Writer) => void {
  return (w) =>
    w
      .nullableString(null)
      .int16(acks)
      .int32(5000)
      .array([topic], (tw, t) =>
        tw.string(t).array([partition], (pw, p) => pw.int32(p).bytes(batch)),
      );
}

/** Decodes a Produce v7 response for a single partition. */
export function readProduceResponse(r: Reader): { errorCode: number; baseOffset: number } {
  r.int32(); // topic count
  r.string();
  r.int32(); // partition count
  r.int32();
  const errorCode = r.int16();
  const baseOffset = r.int64();
  return { errorCode, baseOffset };
}

/** Creates a topic with CreateTopics v2 and returns the error code. */
export async function createTopic(
  client: RawClient,
  topic: string,
  partitions: number,
): Promise<number> {
  const r = await client.request(ApiKey.CreateTopics, 2, (w) =>
    w
      .array([topic], (tw, t) => tw.string(t).int32(partitions).int16(1).int32(0).int32(0))
      .int32(5000)
      .boolean(false),
  );
  r.int32();
  r.int32();
  r.string();
  return r.int16();
}

/** Allocates a producer id with InitProducerId v1. */
export async function initProducerId(
  client: RawClient,
): Promise<{ producerId: number; producerEpoch: number }> {
  const r = await client.request(ApiKey.InitProducerId, 1, (w) =>
    w.nullableString(null).int32(60000),
  );
  r.int32();
  const errorCode = r.int16();
  if (errorCode !== 0) throw new Error(`InitProducerId failed with error ${errorCode}`);
  return { producerId: r.int64(), producerEpoch: r.int16() };
}

/** Returns the log end offset of a partition with ListOffsets v1. */
export async function latestOffset(
  client: RawClient,
  topic: string,
  partition: number,
): Promise<number> {
  const r = await client.request(ApiKey.ListOffsets, 1, (w) =>
    w
      .int32(-1)
      .array([topic], (tw, t) => tw.string(t).array([partition], (pw, p) => pw.int32(p).int64(-1))),
  );
  r.int32();
  r.string();
  r.int32();
  r.int32();
  const errorCode = r.int16();
  if (errorCode !== 0) throw new Error(`ListOffsets failed with error ${errorCode}`);
  r.int64();
  return r.int64();
}
