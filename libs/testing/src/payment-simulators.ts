import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The local Alipay and WeChat Pay running as a process from the build in dist/. */
export interface PaymentSimulators {
  readonly alipayUrl: string;
  readonly wechatUrl: string;
  /** What the payments service needs to use them (gateway URLs, ids, key files, APIv3 key). */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '../../..');

/**
 * Starts the payment provider simulators (`node tools/build.mjs` first) on free ports with keys
 * made for this run in a temporary folder; resolves once both listen.
 */
export async function startPaymentSimulators(timeoutMs = 30_000): Promise<PaymentSimulators> {
  const keysDir = mkdtempSync(join(tmpdir(), 'payment-simulators-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      'dist/apps/payments/src/simulators/main.js',
      '--keys-dir',
      keysDir,
      '--alipay-port',
      '0',
      '--wechat-port',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  try {
    const ready = await new Promise<{
      alipayUrl: string;
      wechatUrl: string;
      env: Record<string, string>;
    }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`payment simulators not ready:\n${output.join('')}`)),
        timeoutMs,
      );
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`payment simulators exited (${code}):\n${output.join('')}`));
      });
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith('{"ready":true')) return;
        clearTimeout(timer);
        resolve(
          JSON.parse(line) as { alipayUrl: string; wechatUrl: string; env: Record<string, string> },
        );
      });
    });
    return { ...ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
