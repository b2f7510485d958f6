import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Logger } from 'pino';
import { PeriodicTask } from './periodic-task';
import { ROOT_LOGGER } from './service-definition';

interface PeriodicSpec {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read from the instance it decorates
  readonly every: number | ((instance: any) => number);
  readonly atStart: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read from the instance it decorates
  readonly when?: (instance: any) => boolean;
}

const PERIODIC = DiscoveryService.createDecorator<PeriodicSpec>();

/**
 * Runs the decorated method of a provider in the background, `every` ms between the end of one run
 * and the start of the next (a number, or read from the instance: its config); a run resolving to
 * `true` means more is due and the next follows at once. The platform starts it when the
 * application has booted (`atStart`: the first run at once, else one interval later) and stops it,
 * waiting for the run under way, before shutdown (`when`: only if the instance says so). Failures
 * are logged, never thrown.
 */
export function Periodic<T>(
  every: number | ((instance: T) => number),
  options: { atStart?: boolean; when?: (instance: T) => boolean } = {},
): MethodDecorator {
  return PERIODIC({ every, atStart: options.atStart ?? false, when: options.when });
}

/** The platform's runner of `@Periodic()` methods, discovered on every provider of the service. */
@Injectable()
export class PeriodicTasks implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly tasks = new Map<object, Map<string, PeriodicTask>>();
  private readonly log: Logger;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'periodic' });
  }

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const method of this.scanner.getAllMethodNames(
        Object.getPrototypeOf(instance) as object,
      )) {
        const spec = this.discovery.getMetadataByDecorator(PERIODIC, wrapper, method);
        if (spec && (spec.when?.(instance) ?? true)) this.start(instance, method, spec);
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.tasks.values()].flatMap((byMethod) =>
        [...byMethod.values()].map((task) => task.stop()),
      ),
    );
  }

  /** Runs `instance[method]` now, after the run under way if any; resolves when it is done. */
  runNow<T extends object>(instance: T, method: keyof T & string): Promise<void> {
    return this.taskOf(instance, method).runNow();
  }

  /** Brings the next run of `instance[method]` forward to now, unless one is under way already. */
  kick<T extends object>(instance: T, method: keyof T & string): void {
    this.taskOf(instance, method).kick();
  }

  private start(instance: Record<string, unknown>, method: string, spec: PeriodicSpec): void {
    const name = `${instance.constructor.name}.${method}`;
    const task = new PeriodicTask({
      intervalMs: typeof spec.every === 'number' ? spec.every : spec.every(instance),
      tick: () => (instance[method] as () => Promise<unknown>).call(instance),
      onError: (error) => this.log.error({ err: error, task: name }, `${name} failed`),
    });
    let byMethod = this.tasks.get(instance);
    if (!byMethod) this.tasks.set(instance, (byMethod = new Map()));
    byMethod.set(method, task);
    task.start();
    if (spec.atStart) task.kick();
  }

  private taskOf(instance: object, method: string): PeriodicTask {
    const task = this.tasks.get(instance)?.get(method);
    if (!task)
      throw new Error(`${instance.constructor.name}.${method} is not a started @Periodic() method`);
    return task;
  }
}
