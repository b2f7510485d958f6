import { createKafka, partitioner } from './kafka';

describe('createKafka', () => {
  function capture() {
    const lines: string[] = [];
    const log = {
      warn: (_: object, msg: string) => void lines.push(`warn ${msg}`),
      error: (_: object, msg: string) => void lines.push(`error ${msg}`),
    };
    return { lines, kafka: createKafka({ brokers: '127.0.0.1:1', clientId: 'spec', log }) };
  }

  it('does not log the bounded-retries warning of an idempotent producer, which the relay makes safe', () => {
    const { lines, kafka } = capture();
    // Creating a producer connects to nothing: its warnings are logged at once.
    kafka.producer({ idempotent: true, createPartitioner: partitioner });
    expect(lines).toEqual([]);
  });

  it('still logs kafkajs warnings about anything else', () => {
    const { lines, kafka } = capture();
    kafka.producer({ idempotent: true }); // no partitioner chosen: kafkajs warns of its default
    expect(lines).toEqual([
      expect.stringMatching(/^warn KafkaJS v2.0.0 switched default partitioner/),
    ]);
  });
});
