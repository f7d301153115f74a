// Confluent's Node.js schema registry client and Avro serdes against our registry server.
// Usage: node interop.js <registryUrl> <topic> <inHexFile> <outHexFile>
//   Decodes the record in <inHexFile> (Confluent wire format, hex) with Confluent's AvroDeserializer,
//   prints it as one JSON line on stdout, then re-encodes it with Confluent's AvroSerializer (using
//   the subject's latest registered schema, no auto-registration) with the title prefixed by
//   "Node: " and writes the bytes as hex to <outHexFile>.
'use strict';
const fs = require('fs');
const {
  SchemaRegistryClient,
  AvroDeserializer,
  AvroSerializer,
  SerdeType,
} = require('@confluentinc/schemaregistry');

async function main() {
  const [url, topic, inFile, outFile] = process.argv.slice(2);
  if (!outFile) {
    throw new Error('usage: node interop.js <registryUrl> <topic> <inHexFile> <outHexFile>');
  }
  const client = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0 });
  const input = Buffer.from(fs.readFileSync(inFile, 'utf8').trim(), 'hex');

  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const record = await deserializer.deserialize(topic, input);
  process.stdout.write(
    JSON.stringify(record, (k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');

  const serializer = new AvroSerializer(client, SerdeType.VALUE, {
    autoRegisterSchemas: false,
    useLatestVersion: true,
  });
  record.title = 'Node: ' + record.title;
  const output = await serializer.serialize(topic, record);
  fs.writeFileSync(outFile, Buffer.from(output).toString('hex'));
}

main().catch((err) => {
  process.stderr.write('interop failed: ' + (err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
