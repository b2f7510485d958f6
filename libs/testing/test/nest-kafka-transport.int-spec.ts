import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Producer } from 'kafkajs';
import type { EventEnvelope } from '@emporium/contracts';
import { OutboxRelay, createKafka, partitioner, writeOutbox } from '@emporium/platform-messaging';
import { openDataSource } from '@emporium/platform-persistence';
import { productData } from './fixtures/widgets';
import {
  createTestDatabase,
  eventually,
  startTestKafka,
  uniqueSuffix,
  type TestDatabase,
  type TestKafka,
} from '../src';

const received: EventEnvelope[] = [];

@Controller()
class ProductEventsController {
  @EventPattern('catalog.product')
  onProductEvent(@Payload() envelope: EventEnvelope) {
    received.push(envelope);
  }
}

@Module({ controllers: [ProductEventsController] })
class ListenerModule {}

describe("the outbox's events through @nestjs/microservices' Kafka transport", () => {
  let kafka: TestKafka;
  let db: TestDatabase;
  let dataSource: DataSource;
  let producer: Producer;
  let relay: OutboxRelay;
  let microservice: INestMicroservice;

  beforeAll(async () => {
    kafka = await startTestKafka();
    db = await createTestDatabase('test_nest_transport');
    dataSource = await openDataSource({
      serverUrl: db.serverUrl,
      database: db.name,
      migrate: true,
    });
    producer = createKafka({ brokers: kafka.brokers, clientId: 'nest-transport-test' }).producer({
      createPartitioner: partitioner,
    });
    await producer.connect();
    relay = new OutboxRelay(dataSource, producer, { listenUrl: db.url, pollMs: 200 });
    await relay.start();
    microservice = await NestFactory.createMicroservice<MicroserviceOptions>(ListenerModule, {
      logger: false,
      transport: Transport.KAFKA,
      options: {
        client: { clientId: 'nest-listener', brokers: kafka.brokers.split(',') },
        consumer: { groupId: `nest-listener-${uniqueSuffix()}`, sessionTimeout: 10_000 },
        subscribe: { fromBeginning: true },
      },
    });
    await microservice.listen();
  });

  afterAll(async () => {
    await microservice?.close();
    await relay?.stop();
    await producer?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
    await kafka?.stop();
  });

  it('delivers the envelope, parsed, to an @EventPattern handler on the topic', async () => {
    const written = await dataSource.transaction((tx) =>
      writeOutbox(tx, {
        type: 'product.created',
        subject: 'p-1',
        data: productData('p-1', '华为 Mate 70'),
      }),
    );
    const envelope = await eventually(() => received.find((e) => e.id === written.id), {
      what: 'the event',
    });
    expect(envelope).toEqual(written);
  });
});
