import 'reflect-metadata';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientKafka,
  Ctx,
  EventPattern,
  KafkaContext,
  MicroserviceOptions,
  Payload,
  Transport,
} from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { RunningBroker } from '../src';
import { startTestBroker, waitFor } from './support/helpers';

const TOPIC = 'kafka-lite.nest.order-placed';

interface OrderPlaced {
  orderId: string;
  total: number;
}

const received: { payload: OrderPlaced; key: string | null; topic: string; partition: number }[] =
  [];

@Controller()
class OrderEventsController {
  @EventPattern(TOPIC)
  onOrderPlaced(@Payload() payload: OrderPlaced, @Ctx() ctx: KafkaContext): void {
    received.push({
      payload,
      key: ctx.getMessage().key?.toString() ?? null,
      topic: ctx.getTopic(),
      partition: ctx.getPartition(),
    });
  }
}

@Module({ controllers: [OrderEventsController] })
class OrderEventsModule {}

describe('NestJS Kafka transport against kafka-lite', () => {
  let broker: RunningBroker;
  let app: INestMicroservice;
  let client: ClientKafka;

  beforeAll(async () => {
    broker = await startTestBroker();
    app = await NestFactory.createMicroservice<MicroserviceOptions>(OrderEventsModule, {
      transport: Transport.KAFKA,
      options: {
        client: { clientId: 'orders', brokers: broker.brokers },
        consumer: {
          groupId: 'orders',
          sessionTimeout: 6000,
          heartbeatInterval: 500,
          maxWaitTimeInMs: 100,
        },
        subscribe: { fromBeginning: true },
      },
      logger: false,
    });
    await app.listen();
    client = new ClientKafka({
      client: { clientId: 'checkout', brokers: broker.brokers },
      producerOnlyMode: true,
    });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    await broker.stop();
  });

  it('delivers events emitted through ClientKafka to an @EventPattern handler', async () => {
    await lastValueFrom(client.emit(TOPIC, { orderId: 'o-1', total: 42 }));
    await lastValueFrom(client.emit(TOPIC, { key: 'o-2', value: { orderId: 'o-2', total: 7 } }));
    await waitFor(() => received.length === 2, 20_000, 'two events in the handler');
    const byId = new Map(received.map((r) => [r.payload.orderId, r]));
    expect(byId.get('o-1')).toMatchObject({ payload: { orderId: 'o-1', total: 42 }, topic: TOPIC });
    expect(byId.get('o-2')).toMatchObject({
      payload: { orderId: 'o-2', total: 7 },
      key: 'o-2',
      topic: TOPIC,
    });
  });
});
