import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, LessThanOrEqual, type EntityManager } from 'typeorm';
import { BusinessRuleError, ConflictError, NotFoundError } from '@emporium/contracts';
import { Periodic, PeriodicTasks } from '@emporium/platform-app';
import { counter } from '@emporium/platform-observability';
import { transaction } from '@emporium/platform-persistence';
import { checkPickupCode } from '../domain/pickup';
import { flowOf } from '../domain/shipment-status';
import { ShipmentEntity } from '../persistence/shipment.entity';
import { newPickupCode, PICKUP_SETTINGS, type PickupSettings } from './pickup-settings';
import { ShipmentsService } from './shipments.service';

const wrongCodes = counter(
  'emporium_logistics_pickup_wrong_codes_total',
  'Wrong store pickup codes given at a counter',
);

/**
 * Store pickups at the counter: staff check the customer's code (a wrong code counts, five lock
 * the pickup until staff issue a new one), and a timer expires pickups not collected in time,
 * which puts the goods back on the shelf. Rows are taken with SKIP LOCKED, so every replica may
 * run the timer.
 */
@Injectable()
export class StorePickupsService {
  private readonly log = new Logger(StorePickupsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly shipments: ShipmentsService,
    private readonly tasks: PeriodicTasks,
    @Inject(PICKUP_SETTINGS) private readonly settings: PickupSettings,
  ) {}

  /** One pass of the expiry sweep; failures are logged, not thrown. */
  tick(): Promise<void> {
    return this.tasks.runNow(this, 'sweep');
  }

  /**
   * The customer collects with their code: the right one makes the pickup PICKED_UP_BY_CUSTOMER
   * (delivered); a wrong one is 422 `pickup-code-invalid` with `attemptsLeft`, and is counted even
   * though the request fails; a locked pickup is 409 `pickup-locked`. The row lock makes two
   * counters giving the right code at once collect it once: the second finds it collected (409).
   */
  async collect(id: string, code: string): Promise<ShipmentEntity> {
    const outcome = await transaction(this.db, async (tx) => {
      const shipment = await this.lockReady(tx, id);
      const check = checkPickupCode(shipment, code);
      if (check.outcome === 'LOCKED') {
        throw new ConflictError(
          'pickup-locked',
          'Too many wrong codes were given for this pickup; staff must issue a new code',
        );
      }
      if (check.outcome === 'WRONG_CODE') {
        shipment.pickupFailedAttempts = check.failedAttempts;
        await tx.save(shipment);
        return check;
      }
      return this.shipments.apply(
        shipment,
        { status: 'PICKED_UP_BY_CUSTOMER', note: 'collected at the store' },
        tx,
      );
    });
    if (outcome instanceof ShipmentEntity) return outcome;
    wrongCodes.inc();
    throw new BusinessRuleError(
      'pickup-code-invalid',
      `That is not this pickup's code; ${outcome.attemptsLeft} attempt(s) left`,
      { attemptsLeft: outcome.attemptsLeft },
    );
  }

  /** Staff issue a new code (after a lock, or when the customer lost theirs): the old one is void. */
  reissueCode(id: string): Promise<ShipmentEntity> {
    return transaction(this.db, async (tx) => {
      const shipment = await this.lockReady(tx, id);
      Object.assign(shipment, { pickupCode: newPickupCode(), pickupFailedAttempts: 0 });
      return tx.save(shipment);
    });
  }

  /** Expires pickups past their collect-by time: PICKUP_EXPIRED, goods back on the shelf. */
  async expireUncollected(limit = 100): Promise<number> {
    return transaction(this.db, async (tx) => {
      const due = await tx.find(ShipmentEntity, {
        where: { status: 'READY_FOR_PICKUP', collectBy: LessThanOrEqual(new Date()) },
        lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' },
        order: { collectBy: 'ASC' },
        take: limit,
      });
      for (const shipment of due) {
        await this.shipments.apply(
          shipment,
          { status: 'PICKUP_EXPIRED', note: 'not collected in time' },
          tx,
        );
      }
      return due.length;
    });
  }

  private async lockReady(tx: EntityManager, id: string): Promise<ShipmentEntity> {
    const shipment = await tx.findOne(ShipmentEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!shipment) throw new NotFoundError('shipment-not-found', `No shipment ${id}`);
    if (flowOf(shipment.kind, shipment.mode) !== 'PICKUP') {
      throw new ConflictError(
        'not-a-store-pickup',
        'This shipment is delivered by a carrier, not collected at a store',
      );
    }
    if (shipment.status !== 'READY_FOR_PICKUP') {
      throw new ConflictError(
        'pickup-not-ready',
        `This pickup is ${shipment.status}, not READY_FOR_PICKUP`,
      );
    }
    return shipment;
  }

  @Periodic((self: StorePickupsService) => self.settings.sweepIntervalMs)
  async sweep(): Promise<void> {
    const expired = await this.expireUncollected();
    if (expired > 0) this.log.log(`${expired} store pickup(s) not collected in time expired`);
  }
}
