import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { PartitionLog } from '../storage/partition-log';
import { ApiHandler, RequestContext } from './api-handler';

interface FetchPartitionRequest {
  index: number;
  fetchOffset: number;
  maxBytes: number;
}

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  topics: { name: string; partitions: FetchPartitionRequest[] }[];
}

interface PartitionData {
  index: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  batches: Buffer[];
  size: number;
}

/** Node's timers cap out at 2^31-1 ms. */
const MAX_TIMER_MS = 2147483647;

/**
 * Fetch v4-11: whole batches from the batch holding the fetch offset; long-polls until minBytes
 * are available or maxWaitMs passes, woken right away by appends. No fetch sessions (the
 * response always has session id 0, which tells clients to send full requests).
 */
export const fetchHandler: ApiHandler = {
  apiKey: ApiKey.Fetch,
  minVersion: 4,
  maxVersion: 11,
  async handle(ctx, r) {
    const v = ctx.header.apiVersion;
    r.int32(); // replicaId
    const maxWaitMs = r.int32();
    const minBytes = r.int32();
    const maxBytes = r.int32();
    r.int8(); // isolationLevel: with no transactions, committed and uncommitted reads are the same
    if (v >= 7) {
      r.int32(); // sessionId
      r.int32(); // sessionEpoch
    }
    const topics = r.array((tr) => ({
      name: tr.string(),
      partitions: tr.array((pr) => {
        const index = pr.int32();
        if (v >= 9) pr.int32(); // currentLeaderEpoch
        const fetchOffset = pr.int64();
        if (v >= 5) pr.int64(); // logStartOffset (followers only)
        return { index, fetchOffset, maxBytes: pr.int32() };
      }),
    }));
    if (v >= 7) r.array((fr) => ({ name: fr.string(), partitions: fr.array((p) => p.int32()) }));
    if (v >= 11) r.string(); // rackId
    const request: FetchRequest = { maxWaitMs, minBytes, maxBytes, topics };

    const deadline = Date.now() + Math.max(0, maxWaitMs);
    for (;;) {
      const result = await collect(ctx, request);
      const waitMs = deadline - Date.now();
      if (
        result.bytes >= minBytes ||
        result.error ||
        waitMs <= 0 ||
        ctx.isClosed() ||
        ctx.broker.isStopping
      ) {
        return encode(v, result.topics);
      }
      await waitForAppend(ctx, result.logs, Math.min(waitMs, MAX_TIMER_MS));
    }
  },
};

async function collect(
  ctx: RequestContext,
  request: FetchRequest,
): Promise<{
  topics: { name: string; partitions: PartitionData[] }[];
  bytes: number;
  error: boolean;
  logs: PartitionLog[];
}> {
  let remaining = Math.max(0, request.maxBytes);
  let bytes = 0;
  let error = false;
  const logs: PartitionLog[] = [];
  const topics: { name: string; partitions: PartitionData[] }[] = [];
  for (const t of request.topics) {
    const partitions: PartitionData[] = [];
    for (const p of t.partitions) {
      const partition = ctx.broker.topics.partition(t.name, p.index);
      if (!partition) {
        error = true;
        partitions.push({
          index: p.index,
          errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          highWatermark: -1,
          logStartOffset: -1,
          batches: [],
          size: 0,
        });
        continue;
      }
      const log = partition.log;
      logs.push(log);
      const base = {
        index: p.index,
        highWatermark: log.logEndOffset,
        logStartOffset: log.logStartOffset,
      };
      if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.logEndOffset) {
        error = true;
        partitions.push({
          ...base,
          errorCode: ErrorCode.OFFSET_OUT_OF_RANGE,
          batches: [],
          size: 0,
        });
        continue;
      }
      // KIP-74: the first batch of the first non-empty partition is returned even if too large.
      const limit = Math.min(Math.max(0, p.maxBytes), remaining);
      const batches = await log.read(p.fetchOffset, limit, bytes === 0 && p.maxBytes > 0);
      let size = 0;
      for (const b of batches) size += b.length;
      bytes += size;
      remaining = Math.max(0, remaining - size);
      partitions.push({ ...base, errorCode: ErrorCode.NONE, batches, size });
    }
    topics.push({ name: t.name, partitions });
  }
  return { topics, bytes, error, logs };
}

function waitForAppend(ctx: RequestContext, logs: PartitionLog[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const log of logs) log.removeWaiter(finish);
      offClose();
      offStop();
      resolve();
    };
    const timer = setTimeout(finish, ms);
    for (const log of logs) log.addWaiter(finish);
    const offClose = ctx.onClose(finish);
    const offStop = ctx.broker.onStop(finish);
  });
}

function encode(v: number, topics: { name: string; partitions: PartitionData[] }[]): Writer {
  const w = new Writer(256);
  w.int32(0);
  if (v >= 7) w.int16(ErrorCode.NONE).int32(0);
  w.array(topics, (tw, t) => {
    tw.string(t.name);
    tw.array(t.partitions, (pw, p) => {
      pw.int32(p.index).int16(p.errorCode).int64(p.highWatermark);
      pw.int64(p.highWatermark); // lastStableOffset: no open transactions, so it is the high watermark
      if (v >= 5) pw.int64(p.logStartOffset);
      pw.int32(0); // abortedTransactions: none
      if (v >= 11) pw.int32(-1);
      pw.int32(p.size);
      for (const b of p.batches) pw.raw(b);
    });
  });
  return w;
}
