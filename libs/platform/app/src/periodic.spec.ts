import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import pino from 'pino';
import { Periodic, PeriodicTasks } from './periodic';
import { ROOT_LOGGER } from './service-definition';

@Injectable()
class Sweeper {
  readonly intervalMs = 100;
  readonly runs: string[] = [];
  enabled = true;

  @Periodic((self: Sweeper) => self.intervalMs)
  async sweep(): Promise<void> {
    this.runs.push('sweep');
  }

  @Periodic(100, { atStart: true })
  async warmUp(): Promise<void> {
    this.runs.push('warm-up');
  }

  @Periodic(100, { when: (self: Sweeper) => !self.enabled })
  async never(): Promise<void> {
    this.runs.push('never');
  }

  @Periodic(100)
  async failing(): Promise<void> {
    throw new Error('boom');
  }
}

@Module({
  imports: [DiscoveryModule],
  providers: [
    Sweeper,
    PeriodicTasks,
    { provide: ROOT_LOGGER, useValue: pino({ level: 'silent' }) },
  ],
})
class SweeperModule {}

describe('@Periodic()', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function boot() {
    const app = await NestFactory.createApplicationContext(SweeperModule, { logger: false });
    await app.init();
    return { app, sweeper: app.get(Sweeper), tasks: app.get(PeriodicTasks) };
  }

  it('runs a decorated method every interval from bootstrap, the atStart ones at once', async () => {
    const { app, sweeper } = await boot();
    await jest.advanceTimersByTimeAsync(0);
    expect(sweeper.runs).toEqual(['warm-up']);
    await jest.advanceTimersByTimeAsync(100);
    expect(sweeper.runs.filter((r) => r === 'sweep')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(200);
    expect(sweeper.runs.filter((r) => r === 'sweep')).toHaveLength(3);
    await app.close();
  });

  it('stops every task on shutdown', async () => {
    const { app, sweeper } = await boot();
    await app.close();
    const after = sweeper.runs.length;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(sweeper.runs).toHaveLength(after);
  });

  it('leaves out a method whose `when` says no, and keeps ticking past a failure', async () => {
    const { app, sweeper } = await boot();
    await jest.advanceTimersByTimeAsync(300);
    expect(sweeper.runs).not.toContain('never');
    expect(sweeper.runs.filter((r) => r === 'sweep')).toHaveLength(3);
    await app.close();
  });

  it('runs a task now on request, and refuses a method that is not a started task', async () => {
    const { app, sweeper, tasks } = await boot();
    await tasks.runNow(sweeper, 'sweep');
    expect(sweeper.runs).toContain('sweep');
    expect(() => tasks.kick(sweeper, 'never')).toThrow(/not a started @Periodic/);
    await app.close();
  });
});
