import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

const BIN = path.join(__dirname, '..', '..', 'bin', 'kafka-lite.js');

/** A broker running as its own process through the CLI, so tests can kill it with SIGKILL. */
export interface CliBroker {
  readonly port: number;
  readonly brokers: string[];
  readonly process: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts `kafka-lite` with the given arguments and resolves once it prints its listening line. */
export function startCliBroker(args: string[], port = 0): Promise<CliBroker> {
  const child = spawn(
    process.execPath,
    [BIN, '--port', String(port), '--log-level', 'warn', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kafka-lite did not start: ${stderr}`)),
      20_000,
    );
    void exited.then((code) => reject(new Error(`kafka-lite exited (${String(code)}): ${stderr}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on ([\d.]+):(\d+)/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve({ port: Number(m[2]), brokers: [`${m[1]}:${m[2]}`], process: child, exited });
    });
  });
}
