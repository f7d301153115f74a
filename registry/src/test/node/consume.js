// A downstream Node.js consumer of the pipeline: kafkajs, read_committed, from the beginning, values
// decoded by Confluent's AvroDeserializer against our registry.
// Usage: node consume.js <bootstrapServers> <registryUrl> <topic>[,<topic>...] [--without-lz4]
//   Prints one JSON line {"<topic>": ["<key>|<summary>", ...], ...}: one entry per record, the
//   summary made of a few decoded fields (the same ones NodeConsumerInteropIT takes on the Java
//   side). Stops once every partition is read up to its high watermark.
//   ingest writes LZ4-compressed batches; kafkajs has no LZ4 codec of its own, so the kafkajs-lz4
//   codec is registered unless --without-lz4 is given (then reading papers-raw fails).
'use strict';
const { Kafka, CompressionTypes, CompressionCodecs, logLevel } = require('kafkajs');
const LZ4Codec = require('kafkajs-lz4');
const { SchemaRegistryClient, AvroDeserializer, SerdeType } = require('@confluentinc/schemaregistry');

const TIMEOUT_MS = 60000;

// The decoded fields each topic's summary is made of.
const SUMMARIES = {
  'papers-raw': (v) => [v.paperId, v.lineage.fileName, v.lineage.ordinal],
  'papers-unique': (v) => [v.paperId, v.sightings],
  'paper-sightings': (v) => [v.paperId, v.sightings],
  'papers-enriched': (v) => [v.paperId, v.topics.join(','), v.wordCount],
  'topic-trends': (v) => [v.kind, v.name, v.window, v.count, v.final],
  'trending-topics': (v) => [v.kind, v.window, v.entries.map((e) => e.name).join(','), v.final],
  'papers-dead-letter': (v) => [v.stage, v.rawSize],
};

async function main() {
  const argv = process.argv.slice(2);
  const withoutLz4 = argv.includes('--without-lz4');
  const [brokers, registryUrl, topicList] = argv.filter((a) => !a.startsWith('--'));
  if (!topicList) {
    throw new Error(
      'usage: node consume.js <bootstrapServers> <registryUrl> <topic>[,<topic>...] [--without-lz4]');
  }
  const topics = topicList.split(',');
  if (!withoutLz4) {
    CompressionCodecs[CompressionTypes.LZ4] = new LZ4Codec().codec;
  }

  const kafka = new Kafka({
    clientId: 'papers-node-consumer',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
  const admin = kafka.admin();
  await admin.connect();
  // Partitions still to read, as "topic/partition"; empty ones are done from the start.
  const pending = new Set();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(p.high) > BigInt(p.low)) {
        pending.add(topic + '/' + p.partition);
      }
    }
  }
  await admin.disconnect();

  const registry = new SchemaRegistryClient({ baseURLs: [registryUrl], maxRetries: 0 });
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const records = Object.fromEntries(topics.map((t) => [t, []]));
  const consumer = kafka.consumer({
    groupId: 'papers-node-consumer-' + process.pid + '-' + Date.now(),
    readUncommitted: false, // read_committed, as the README asks of every consumer
    maxWaitTimeInMs: 100,
    retry: { retries: 0 },
  });

  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('not read to the end in time: ' + [...pending].join(' '))),
      TIMEOUT_MS);
    const check = () => {
      if (pending.size === 0) {
        clearTimeout(timer);
        resolve();
      }
    };
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      // offsetLag 0: the batch ended at the high watermark (transaction markers included)
      if (payload.offsetLag === '0') {
        pending.delete(payload.topic + '/' + payload.partition);
        check();
      }
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      clearTimeout(timer);
      reject(payload.error);
    });
    check();
  });

  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const key = message.key === null ? '' : message.key.toString('utf8');
      let summary = 'null';
      if (message.value !== null) {
        const value = await deserializer.deserialize(topic, message.value);
        summary = SUMMARIES[topic](value).map(String).join(':');
      }
      records[topic].push(key + '|' + summary);
    },
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
  // Resolves once the output is flushed: a pipe's writes are asynchronous, and process.exit()
  // right after a large write would cut it (at 64 KiB).
  await new Promise((resolve) => process.stdout.write(JSON.stringify(records) + '\n', resolve));
}

main()
  .then(() => process.exit(0))
  .catch((err) => {
    process.stderr.write('consume failed: ' + (err && err.stack ? err.stack : err) + '\n');
    process.exit(1);
  });
