import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to `webhook_subscriptions`, from any gateway replica or by hand, notifies
 * `emporium_webhook_subscriptions` when it commits, so the replicas' cached lists are dropped.
 */
export class NotifyWebhookSubscriptionChanges1796690000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_webhook_subscriptions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('emporium_webhook_subscriptions', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER webhook_subscriptions_changed
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webhook_subscriptions
      FOR EACH STATEMENT EXECUTE FUNCTION notify_webhook_subscriptions()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER webhook_subscriptions_changed ON webhook_subscriptions');
    await q.query('DROP FUNCTION notify_webhook_subscriptions()');
  }
}
