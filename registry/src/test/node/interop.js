// Confluent's Node.js schema registry client and Avro serdes against our registry server.
// Usage: node interop.js <registryUrl> <topic> <inHexFile> <outHexFile>
//   Decodes the record in <inHexFile> (Confluent wire format, hex) with Confluent's AvroDeserializer;
//   exercises the client's REST calls (register, look up, config, compatibility); prints one JSON
//   line {record, registeredId, lookedUpId, latest, compatibility, compatible} on stdout; then
//   re-encodes the record with Confluent's AvroSerializer (using the subject's latest registered
//   schema, no auto-registration) with the title prefixed by "Node: " and writes the bytes as hex
//   to <outHexFile>.
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

  const latest = await client.getLatestSchemaMetadata(topic + '-value');
  const info = { schemaType: 'AVRO', schema: latest.schema };
  const registeredId = await client.register('node-' + topic + '-value', info);
  const lookedUpId = await client.getId('node-' + topic + '-value', info);
  await client.updateCompatibility('node-' + topic + '-value', 'FULL_TRANSITIVE');
  const compatibility = await client.getCompatibility('node-' + topic + '-value');
  const compatible = await client.testCompatibility('node-' + topic + '-value', 'latest', info);
  const summary = {
    record,
    registeredId,
    lookedUpId,
    latest: { id: latest.id, version: latest.version, subject: latest.subject },
    compatibility,
    compatible,
  };
  process.stdout.write(
    JSON.stringify(summary, (k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n');

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
