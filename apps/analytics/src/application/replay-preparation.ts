import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { emptyRebuiltTables } from '../persistence/replay.queries';

/** Injection token: true when the process runs `main.js replay`. */
export const REPLAY_MODE = Symbol('REPLAY_MODE');

/**
 * In a replay, empties the facts, dimensions, rollups and quarantine after migrations and before
 * the consumer starts (Nest runs every onModuleInit before the messaging runtime's bootstrap).
 */
@Injectable()
export class ReplayPreparation implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    @Inject(REPLAY_MODE) private readonly replay: boolean,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.replay) return;
    await emptyRebuiltTables(this.db);
  }
}
