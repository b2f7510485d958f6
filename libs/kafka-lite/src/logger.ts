/** Log levels, from quietest to noisiest. */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

/** Minimal logger the broker writes to; pass your own to route messages elsewhere. */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** A logger writing `[kafka-lite] level: message` lines to stderr at or above `level`. */
export function createConsoleLogger(level: LogLevel): Logger {
  const at = RANK[level];
  const write = (lvl: Exclude<LogLevel, 'silent'>, message: string): void => {
    if (RANK[lvl] <= at) process.stderr.write(`[kafka-lite] ${lvl}: ${message}\n`);
  };
  return {
    error: (m) => write('error', m),
    warn: (m) => write('warn', m),
    info: (m) => write('info', m),
    debug: (m) => write('debug', m),
  };
}
