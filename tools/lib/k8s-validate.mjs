// Validates Kubernetes objects against the API's OpenAPI schemas, offline: reads a JSON array of
// objects on stdin, prints a JSON array of problems ({ object, message }). Unknown fields are
// errors (as `kubectl apply --validate=strict` would report them); kinds without a bundled schema
// (CRDs such as KafkaTopic or PrometheusRule) are listed as `unchecked` for the caller to check.
import { Ajv } from 'ajv';
import { formats, runValidateFunc } from '@kubernetes-models/validate';
import schemas from './k8s-schemas.mjs';

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** JSON Schema draft-07 from the OpenAPI v2 definitions, closed to unknown fields. */
function toJsonSchema(name, definition) {
  if (name === INT_OR_STRING) return { oneOf: [{ type: 'integer' }, { type: 'string' }] };
  if (name === QUANTITY)
    return { oneOf: [{ type: 'string', format: 'quantity' }, { type: 'number' }] };
  const convert = (node) => {
    if (Array.isArray(node)) return node.map(convert);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-kubernetes-') || (key === 'format' && value === 'int-or-string'))
        continue;
      out[key] =
        key === '$ref' ? value.replace('#/definitions/', 'k8s#/definitions/') : convert(value);
    }
    // Free-form objects (e.g. FieldsV1, RawExtension) have no properties and stay open.
    if (
      out.properties &&
      out.additionalProperties === undefined &&
      !node['x-kubernetes-preserve-unknown-fields']
    ) {
      out.additionalProperties = false;
    }
    return out;
  };
  return convert(definition);
}

const definitions = Object.fromEntries(
  Object.entries(schemas.definitions).map(([name, definition]) => [
    name,
    toJsonSchema(name, definition),
  ]),
);
const ajv = new Ajv({ strict: false, allErrors: true });
for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
// The API server's base64 decoder skips line breaks, and kustomize wraps long values.
ajv.addFormat('byte', {
  type: 'string',
  validate: (value) => formats.byte.validate(value.replace(/[\r\n]/g, '')),
});
ajv.addSchema({ $id: 'k8s', definitions });

const byKind = new Map();
for (const root of schemas.roots) {
  for (const gvk of schemas.definitions[root]['x-kubernetes-group-version-kind']) {
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    byKind.set(
      `${apiVersion}/${gvk.kind}`,
      ajv.compile({
        allOf: [
          { $ref: `k8s#/definitions/${root}` },
          {
            required: ['apiVersion', 'kind', 'metadata'],
            properties: { apiVersion: { const: apiVersion }, kind: { const: gvk.kind } },
          },
        ],
      }),
    );
  }
}

const objects = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin
      .setEncoding('utf8')
      .on('data', (chunk) => (text += chunk))
      .on('end', () => resolve(text));
  }),
);
const problems = [];
const unchecked = [];
for (const object of objects) {
  const id = `${object.apiVersion}/${object.kind} ${object.metadata?.name}`;
  const validate = byKind.get(`${object.apiVersion}/${object.kind}`);
  if (!validate) {
    unchecked.push(id);
    continue;
  }
  try {
    runValidateFunc(validate, object);
  } catch (error) {
    problems.push({ object: id, message: error.message });
  }
}
process.stdout.write(JSON.stringify({ problems, unchecked }));
