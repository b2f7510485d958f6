import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';

// The rule itself is the script; the build copies it next to this file in dist/.
const GATE_SCRIPT = readFileSync(join(__dirname, 'flash-sale-gate.lua'), 'utf8');
const COMMAND = 'flashSaleGate';

/** The script as ioredis runs it after defineCommand: EVALSHA, EVAL once Redis lost the script. */
type GateRedis = Redis & {
  [COMMAND](numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<number[] | number>;
};

/** What the gate needs of a flash sale: its id and its two limits. */
export interface FlashSaleTerms {
  readonly promotionId: string;
  readonly quantity: number;
  readonly perCustomerLimit: number;
}

/** Units of one sale a checkout asks for. */
export interface FlashAsk {
  readonly sale: FlashSaleTerms;
  readonly units: number;
}

/** Units given back to one sale's counters. */
export interface FlashGiveBack {
  readonly promotionId: string;
  readonly customerId: string;
  readonly units: number;
}

/** Counters of these asks (by index) are missing in Redis: seed them from the ledger and ask again. */
export interface MissingCounters {
  readonly missing: readonly number[];
}

/** A customer's standing in a sale, as the ledger knows it, to seed missing counters. */
export interface CustomerTaken {
  readonly customerId: string;
  readonly taken: number;
}

/**
 * The Redis gate of flash sales: the counters and flash-sale-gate.lua, which alone decides how
 * many units a checkout gets. Fast and atomic, not durable: the Postgres ledger
 * (flash-sale-ledger.ts) seeds missing counters and refuses at commit what stale ones granted.
 */
export class FlashSaleGate {
  private readonly redis: GateRedis;

  /** `prefix` namespaces the counters; tests give their own. */
  constructor(
    redis: Redis,
    private readonly prefix = 'orders:flash',
  ) {
    redis.defineCommand(COMMAND, { lua: GATE_SCRIPT });
    this.redis = redis as GateRedis;
  }

  /**
   * Grants each ask, in order, the units the rule leaves it and counts them; the answer holds
   * the units per ask. Nothing is counted when a counter is missing.
   */
  async grant(customerId: string, asks: readonly FlashAsk[]): Promise<number[] | MissingCounters> {
    if (asks.length === 0) return [];
    const keys = asks.flatMap((a) => [
      this.soldKey(a.sale.promotionId),
      this.customerKey(a.sale.promotionId, customerId),
    ]);
    const argv = asks.flatMap((a) => [a.units, a.sale.quantity, a.sale.perCustomerLimit]);
    const reply = await this.run('grant', keys, argv);
    return missingAsks(reply) ?? reply;
  }

  /** Units a customer (or, without one, any shopper) could still get; undefined when a counter is missing. */
  async left(sale: FlashSaleTerms, customerId?: string): Promise<number | undefined> {
    const keys = [this.soldKey(sale.promotionId)];
    if (customerId !== undefined) keys.push(this.customerKey(sale.promotionId, customerId));
    const reply = await this.run('left', keys, [sale.quantity, sale.perCustomerLimit]);
    return reply[0] === -1 ? undefined : reply[0];
  }

  /** Gives units back to the counters that exist, never below zero. */
  async giveBack(given: readonly FlashGiveBack[]): Promise<void> {
    if (given.length === 0) return;
    const keys = given.flatMap((g) => [
      this.soldKey(g.promotionId),
      this.customerKey(g.promotionId, g.customerId),
    ]);
    await this.run(
      'release',
      keys,
      given.map((g) => g.units),
    );
  }

  /**
   * Sets a sale's missing counters to the ledger's counts, for `ttlSeconds`. Only missing ones
   * (NX): a counter another process seeded, and may already have counted on, is never overwritten.
   */
  async seed(
    promotionId: string,
    ttlSeconds: number,
    sold: number,
    customers: readonly CustomerTaken[],
  ): Promise<void> {
    const writes = this.redis.multi().set(this.soldKey(promotionId), sold, 'EX', ttlSeconds, 'NX');
    for (const c of customers) {
      writes.set(this.customerKey(promotionId, c.customerId), c.taken, 'EX', ttlSeconds, 'NX');
    }
    // A transaction answers each command's error instead of throwing it.
    const failed = (await writes.exec())?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  private async run(
    op: 'grant' | 'left' | 'release',
    keys: readonly string[],
    argv: readonly number[],
  ): Promise<number[]> {
    const reply = await this.redis[COMMAND](keys.length, ...keys, op, ...argv);
    return Array.isArray(reply) ? reply.map(Number) : [Number(reply)];
  }

  private soldKey(promotionId: string): string {
    return `${this.prefix}:{${promotionId}}:sold`;
  }

  private customerKey(promotionId: string, customerId: string): string {
    return `${this.prefix}:{${promotionId}}:customer:${customerId}`;
  }
}

// The script names missing keys by index, two per ask (sold, customer); asks are 0-based.
function missingAsks(reply: readonly number[]): MissingCounters | undefined {
  if (reply[0] !== -1) return undefined;
  return {
    missing: [...new Set(reply.slice(1).map((keyIndex) => Math.floor((keyIndex - 1) / 2)))],
  };
}
