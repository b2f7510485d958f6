import { Client } from 'pg';

/** What a LISTEN connection reports. */
export interface NotificationHandlers {
  /** A notification on the channel arrived (a transaction that sent one committed). */
  onNotification(): void;
  /** The connection failed after it was listening; no notification comes any more. */
  onLost(error: Error): void;
}

/**
 * A connection of its own (a pool's would be handed to others) LISTENing on `channel`; resolves
 * once it listens, and rejects, leaving nothing open, when it cannot. `end()` it to stop.
 */
export async function listenForNotifications(
  url: string,
  channel: string,
  handlers: NotificationHandlers,
): Promise<Client> {
  const client = new Client({ connectionString: url });
  client.on('notification', () => handlers.onNotification());
  client.on('error', (error) => handlers.onLost(error));
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}
