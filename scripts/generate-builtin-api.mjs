#!/usr/bin/env node
// Writes libs/k8s/src/manifest/builtin-api.generated.ts from the OpenAPI v3 documents of kubernetes/kubernetes
// (api/openapi-spec/v3/*.json), for one or more releases, and optionally from the generated models of the
// JavaScript client (@kubernetes/client-node) for a newer release no OpenAPI copy covers yet:
//
//   node scripts/generate-builtin-api.mjs '<source label>' <release>=<dir> [<release>=<dir> ...] \
//     [--client-node=<version or models dir>]
//
// <dir> holds a release's OpenAPI v3 JSON files (any layout: k/k's api/openapi-spec/v3, or the per-group copies
// of kubernetes-sigs/kubectl-validate under pkg/openapiclient/builtins/<release>/). The label names where the
// files came from (repository, commit) and goes into the generated header.
//
// --client-node=2.0.1 fetches that version with `npm pack @kubernetes/client-node@2.0.1` into a temporary
// directory (it is never a dependency of the project) and reads dist/gen; a directory instead of a version is read
// as such a dist/gen/models directory (its parent holds index.js and apis/). Each model carries
// `attributeTypeMap` (JSON name `baseName` and TypeScript `type` per field) and its header names the Kubernetes
// release it was generated from ("OpenAPI spec version: release-1.36"); the package also ships stale models and
// API classes of older releases, which are skipped (the OpenAPI documents cover those). A model is matched to its
// OpenAPI schema by name (`V1PodSpec` -> core.v1.PodSpec; the client prefixes the group when two groups share a
// name, `CoreV1ResourceClaim`); a type new in that release takes the group of the schema that refers to it, in
// the same version (`V1PodSchedulingGroup` from core.v1.PodSpec -> core.v1.PodSchedulingGroup), and a reference
// that cannot be placed so is left unchecked. Models carry no group-version-kind: the kinds of that release are
// the body models of the `create…` operations of the API classes index.js exports, on top-level resource paths
// (`/apis/scheduling.k8s.io/v1alpha2/namespaces/{namespace}/podgroups`, `V1alpha2PodGroup` -> PodGroup); a kind
// new there gets no schema, so a new kind embedding a pod spec would not be in OBJECT_TYPES (the spec comparing
// OBJECT_TYPES with WORKLOAD_KINDS is where that shows). The client cannot express the rest, which stays as the
// OpenAPI documents say: which schemas preserve unknown fields, and the nested type of a field the client
// flattens to a primitive (IntOrString, Quantity, any).
//
// What it writes, as the union over the releases given, oldest first and the client models last (a kind or
// field any of them serves is accepted; a field whose schema changed between releases takes the newest):
// - BUILTIN_KINDS: group -> version -> kinds the API server maps (x-kubernetes-group-version-kind of the
//   operations on top-level resource paths; subresource kinds such as autoscaling/v1 Scale are not objects
//   one can create, and List kinds are unwrapped by kubectl before any mapping);
// - OBJECT_TYPES: for every mapped kind whose object embeds a core/v1 PodSpec, its schema name;
// - POD_SPEC_PATHS: where that PodSpec sits (never under status);
// - FIELD_TYPES: the properties of every schema reachable from those kinds, each as '' (a value not checked
//   further), 'T' (an object of schema T), 'T[]' (a list of T) or 'T{}' (a map of T).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const POD_SPEC = 'io.k8s.api.core.v1.PodSpec';
const OUTPUT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../libs/k8s/src/manifest/builtin-api.generated.ts',
);

const CLIENT_FLAG = '--client-node=';
const args = process.argv.slice(2);
const clientArg = args.find((a) => a.startsWith(CLIENT_FLAG))?.slice(CLIENT_FLAG.length);
const [label, ...releaseArgs] = args.filter((a) => !a.startsWith(CLIENT_FLAG));
if (!label || releaseArgs.length === 0 || releaseArgs.some((a) => !a.includes('=')) || clientArg === '') {
  console.error(
    "usage: generate-builtin-api.mjs '<source label>' <release>=<openapi v3 dir> ... [--client-node=<version|models dir>]",
  );
  process.exit(2);
}

function jsonFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

/** `/api/v1/...` or `/apis/<group>/<version>/...` -> { group, version, rest } */
function splitPath(p) {
  let m = /^\/api\/(v[^/]+)\/?(.*)$/.exec(p);
  if (m) return { group: '', version: m[1], rest: m[2] };
  m = /^\/apis\/([^/]+)\/([^/]+)\/?(.*)$/.exec(p);
  return m ? { group: m[1], version: m[2], rest: m[3] } : null;
}

/** A top-level resource path: `<resource>` or `<resource>/{name}`, optionally under namespaces/{namespace}/ or watch/. */
function isTopLevelResource(rest) {
  const segments = rest
    .replace(/^watch\//, '')
    .replace(/^namespaces\/\{namespace\}\//, '')
    .split('/')
    .filter(Boolean);
  return segments.length === 1 || (segments.length === 2 && /^\{[^}]+\}$/.test(segments[1]));
}

const kinds = new Map(); // group -> version -> Set(kind)
const schemas = new Map(); // schema name -> merged { properties: Map(field -> descriptor) }
const gvkSchemas = new Map(); // `${group}/${version}/${kind}` -> schema name
const releases = [];

function refOf(node) {
  if (!node || typeof node !== 'object') return null;
  if (typeof node.$ref === 'string') return node.$ref.replace(/^#\/components\/schemas\//, '');
  if (Array.isArray(node.allOf) && node.allOf.length === 1) return refOf(node.allOf[0]);
  return null;
}

/** '' | {ref} | {list: ref} | {map: ref} */
function describe(node) {
  const ref = refOf(node);
  if (ref) return { ref };
  if (node?.type === 'array') {
    const item = refOf(node.items);
    return item ? { list: item } : '';
  }
  if (node?.type === 'object' && node.additionalProperties) {
    const value = refOf(node.additionalProperties);
    return value ? { map: value } : '';
  }
  return '';
}

for (const arg of releaseArgs) {
  const eq = arg.indexOf('=');
  const release = arg.slice(0, eq);
  const dir = arg.slice(eq + 1);
  releases.push(release);
  for (const file of jsonFiles(dir)) {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    for (const [p, ops] of Object.entries(doc.paths ?? {})) {
      const where = splitPath(p);
      if (!where || !isTopLevelResource(where.rest)) continue;
      for (const op of Object.values(ops)) {
        const gvk = op?.['x-kubernetes-group-version-kind'];
        if (!gvk || gvk.group !== where.group || gvk.version !== where.version) continue;
        if (!kinds.has(gvk.group)) kinds.set(gvk.group, new Map());
        const versions = kinds.get(gvk.group);
        if (!versions.has(gvk.version)) versions.set(gvk.version, new Set());
        versions.get(gvk.version).add(gvk.kind);
      }
    }
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      if (!schemas.has(name)) schemas.set(name, { properties: new Map(), preserveUnknown: false });
      const merged = schemas.get(name);
      if (schema['x-kubernetes-preserve-unknown-fields']) merged.preserveUnknown = true;
      for (const [field, prop] of Object.entries(schema.properties ?? {})) {
        const d = describe(prop);
        const known = merged.properties.get(field);
        // Releases are given oldest first; a field whose schema changed takes the newest one.
        if (known !== undefined && JSON.stringify(known) !== JSON.stringify(d)) {
          console.log(`${name}.${field}: ${JSON.stringify(known)} -> ${JSON.stringify(d)} in ${release}`);
        }
        merged.properties.set(field, d);
      }
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
        gvkSchemas.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
      }
    }
  }
}

/**
 * The models of @kubernetes/client-node: `npm pack` of the given version into a temporary directory, or a models
 * directory as it is. Returns model name -> { release, fields: [{ baseName, type }] }.
 */
function loadClientModels(arg) {
  let dir = arg;
  let cleanup = () => {};
  let label;
  const isDir = (() => {
    try {
      return statSync(arg).isDirectory();
    } catch {
      return false;
    }
  })();
  if (isDir) {
    const pkgFile = path.join(dir, '../../../package.json');
    const pkg = (() => {
      try {
        return JSON.parse(readFileSync(pkgFile, 'utf8'));
      } catch {
        return null;
      }
    })();
    label = pkg ? `${pkg.name}@${pkg.version} dist/gen/models (local copy)` : `${dir} (client models)`;
  } else {
    const tmp = mkdtempSync(path.join(tmpdir(), 'client-node-'));
    cleanup = () => rmSync(tmp, { recursive: true, force: true });
    try {
      const spec = `@kubernetes/client-node@${arg}`;
      const [packed] = JSON.parse(
        execFileSync('npm', ['pack', spec, '--json', '--pack-destination', tmp], {
          cwd: tmp,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        }),
      );
      execFileSync('tar', ['xzf', path.join(tmp, packed.filename), '-C', tmp, 'package/dist/gen']);
      dir = path.join(tmp, 'package/dist/gen/models');
      label = `${packed.id} dist/gen models and API classes (npm pack, ${packed.integrity})`;
    } catch (e) {
      cleanup();
      throw e;
    }
  }
  const models = new Map();
  for (const file of readdirSync(dir).sort()) {
    if (!/^[A-Z][A-Za-z0-9]*\.js$/.test(file) || file === 'ObjectSerializer.js') continue;
    const text = readFileSync(path.join(dir, file), 'utf8');
    const name = file.slice(0, -3);
    const map = new RegExp(`^${name}\\.attributeTypeMap = (\\[[\\s\\S]*?\\n\\]);`, 'm').exec(text);
    const release = /OpenAPI spec version: (\S+)/.exec(text)?.[1];
    if (!map || !release) continue;
    models.set(name, { release, fields: JSON.parse(map[1]).map(({ baseName, type }) => ({ baseName, type })) });
  }
  return { models, apis: loadClientApis(path.dirname(dir)), label, cleanup };
}

/**
 * The creatable resources of the API classes dist/gen/index.js exports (the package also ships stale classes of
 * older releases, which it no longer exports): [{ path, model }] for every `create…` operation, its collection
 * path and the model of its body (`/apis/scheduling.k8s.io/v1alpha2/namespaces/{namespace}/podgroups`,
 * `V1alpha2PodGroup`).
 */
function loadClientApis(genDir) {
  const index = readFileSync(path.join(genDir, 'index.js'), 'utf8');
  const exported = new Set([...index.matchAll(/\bObject(\w+V\d\w*Api) as \1\b/g)].map((m) => m[1]));
  const operations = [];
  for (const api of [...exported].sort()) {
    const text = readFileSync(path.join(genDir, 'apis', `${api}.js`), 'utf8');
    for (const method of text.split(/\n {4}async /).filter((m) => m.startsWith('create'))) {
      const p = /const localVarPath = '([^']+)'/.exec(method)?.[1];
      const model = /ObjectSerializer\.serialize\(body, "(\w+)"/.exec(method)?.[1];
      if (p && model) operations.push({ path: p, model });
    }
  }
  if (operations.length === 0) throw new Error(`no create operations found under ${genDir}/apis`);
  return operations;
}

/** `release-1.36` -> [1, 36]; `v1.35.0` -> [1, 35]. */
function releaseNumbers(r) {
  const m = /(\d+)\.(\d+)/.exec(r);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** `CoreV1Event` -> { group: 'Core', version: 'v1', type: 'Event' }; `V1PodSpec` -> { group: '', ... }. */
function splitModelName(name) {
  const m = /^([A-Z][a-z]+)?V(\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(name);
  return m ? { group: m[1] ?? '', version: `v${m[2]}`, type: m[3] } : null;
}

function capitalise(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Merges the fields of the newest release's models into `schemas`; returns that release (`1.36`). Only fields
 * are taken: a kind is mapped only by the OpenAPI documents.
 */
function mergeClientModels(all, apis) {
  let newest = null;
  for (const { release } of all.values()) {
    if (newest === null || compareReleases(release, newest) > 0) newest = release;
  }
  if (newest === null) throw new Error('no client models with attributeTypeMap found');
  const models = new Map([...all].filter(([, m]) => m.release === newest));
  console.log(
    `client models: ${models.size} of ${newest}, ${all.size - models.size} stale ones of older releases skipped`,
  );

  // Model name <-> schema name for the schemas the OpenAPI documents know.
  const modelToSchema = new Map();
  const plainClaims = new Map(); // plain model name -> schema names claiming it
  for (const name of schemas.keys()) {
    const [group, version, type] = name.split('.').slice(-3);
    if (!/^v\d/.test(version ?? '')) continue;
    const prefixed = `${capitalise(group)}${capitalise(version)}${type}`;
    if (models.has(prefixed)) {
      modelToSchema.set(prefixed, name);
      continue;
    }
    const plain = `${capitalise(version)}${type}`;
    if (!plainClaims.has(plain)) plainClaims.set(plain, []);
    plainClaims.get(plain).push(name);
  }
  for (const [plain, names] of plainClaims) {
    if (!models.has(plain)) continue;
    if (names.length === 1) modelToSchema.set(plain, names[0]);
    else console.log(`client model ${plain} is ambiguous (${names.join(', ')}); not used`);
  }
  const schemaToModel = new Map([...modelToSchema].map(([model, schema]) => [schema, model]));
  const packageOf = (schema) => schema.split('.').slice(0, -2).join('.');
  const groupPackages = new Map(); // 'Core' -> 'io.k8s.api.core'
  for (const name of schemas.keys()) {
    const [group] = name.split('.').slice(-3);
    groupPackages.set(capitalise(group), packageOf(name));
  }

  /** The schema of model `model` referred to from schema `from`, or null when it cannot be placed. */
  function schemaOf(model, from) {
    if (modelToSchema.has(model)) return modelToSchema.get(model);
    if (!models.has(model)) return null;
    const parts = splitModelName(model);
    if (!parts) return null;
    const pkg = parts.group ? groupPackages.get(parts.group) : packageOf(from);
    const fromVersion = from.split('.').at(-2);
    if (!pkg || (!parts.group && fromVersion !== parts.version)) return null;
    const schema = `${pkg}.${parts.version}.${parts.type}`;
    modelToSchema.set(model, schema);
    schemaToModel.set(schema, model);
    if (!schemas.has(schema)) console.log(`${schema}: new in ${newest} (client model ${model})`);
    return schema;
  }

  function describeModelType(type, from) {
    let m = /^Array<(\w+)>$/.exec(type);
    if (m) {
      const s = schemaOf(m[1], from);
      return s ? { list: s } : '';
    }
    m = /^\{ \[key: string\]: (\w+); \}$/.exec(type);
    if (m) {
      const s = schemaOf(m[1], from);
      return s ? { map: s } : '';
    }
    const s = /^\w+$/.test(type) ? schemaOf(type, from) : null;
    return s ? { ref: s } : '';
  }

  const pending = [...modelToSchema.keys()];
  const done = new Set();
  while (pending.length > 0) {
    const model = pending.pop();
    if (done.has(model)) continue;
    done.add(model);
    const name = modelToSchema.get(model);
    const isNew = !schemas.has(name);
    if (isNew) schemas.set(name, { properties: new Map(), preserveUnknown: false });
    const merged = schemas.get(name);
    for (const { baseName, type } of models.get(model).fields) {
      const d = describeModelType(type, name);
      const next = typeof d === 'object' ? schemaToModel.get(d.ref ?? d.list ?? d.map) : undefined;
      if (next !== undefined && !done.has(next)) pending.push(next);
      const known = merged.properties.get(baseName);
      if (known === undefined) {
        if (!isNew) console.log(`${name}.${baseName}: new in ${newest}`);
        merged.properties.set(baseName, d);
      } else if (d !== '' && JSON.stringify(known) !== JSON.stringify(d)) {
        // The client flattens some schemas to primitives (d === ''): the OpenAPI type stays then.
        console.log(`${name}.${baseName}: ${JSON.stringify(known)} -> ${JSON.stringify(d)} in ${newest}`);
        merged.properties.set(baseName, d);
      }
    }
  }
  // Kinds: the body model of every create operation on a top-level resource path, in that path's group version.
  for (const op of apis) {
    const where = splitPath(op.path);
    const parts = splitModelName(op.model);
    if (!where || !isTopLevelResource(where.rest) || !parts || parts.version !== where.version) continue;
    if (!kinds.has(where.group)) kinds.set(where.group, new Map());
    const versions = kinds.get(where.group);
    if (!versions.has(where.version)) versions.set(where.version, new Set());
    if (!versions.get(where.version).has(parts.type)) {
      console.log(`${where.group || 'core'}/${where.version} ${parts.type}: new in ${newest}`);
      versions.get(where.version).add(parts.type);
    }
    const gvk = `${where.group}/${where.version}/${parts.type}`;
    const schema = modelToSchema.get(op.model);
    if (!gvkSchemas.has(gvk) && schema !== undefined) gvkSchemas.set(gvk, schema);
  }
  return newest.replace(/^release-/, '');
}

function compareReleases(a, b) {
  const [am, an] = releaseNumbers(a);
  const [bm, bn] = releaseNumbers(b);
  return am - bm || an - bn;
}

const sources = [`Source: ${label}`];
if (clientArg !== undefined) {
  const client = loadClientModels(clientArg);
  try {
    const release = mergeClientModels(client.models, client.apis);
    releases.push(release);
    sources.push(`Source: ${client.label}, generated from Kubernetes release-${release}`);
  } finally {
    client.cleanup();
  }
}

function children(name) {
  const s = schemas.get(name);
  if (!s || s.preserveUnknown) return [];
  return [...s.properties.entries()].map(([field, d]) => [field, d === '' ? null : (d.ref ?? d.list ?? d.map)]);
}

/** Path of the PodSpec from `root` (breadth-first, never through status), or null. */
function podSpecPath(root) {
  const queue = [[root, []]];
  const seen = new Set([root]);
  while (queue.length > 0) {
    const [name, fields] = queue.shift();
    for (const [field, child] of children(name)) {
      if (child === null || field === 'status' || seen.has(child)) continue;
      const d = schemas.get(name).properties.get(field);
      if (!d.ref) continue; // a pod spec inside a list or map is not "the" pod spec of the object
      if (child === POD_SPEC) return [...fields, field];
      seen.add(child);
      queue.push([child, [...fields, field]]);
    }
  }
  return null;
}

const objectTypes = {};
const podSpecPaths = {};
for (const [group, versions] of kinds) {
  for (const [version, set] of versions) {
    for (const kind of set) {
      const name = gvkSchemas.get(`${group}/${version}/${kind}`);
      const where = name ? podSpecPath(name) : null;
      if (!where) continue;
      objectTypes[`${group === '' ? '' : `${group}/`}${version}/${kind}`] = name;
      podSpecPaths[name] = where;
    }
  }
}

// Every schema reachable from the pod-carrying kinds, with the names shortened to `<group>.<version>.<Type>`.
const reachable = new Set();
const pending = Object.values(objectTypes);
while (pending.length > 0) {
  const name = pending.pop();
  if (reachable.has(name)) continue;
  reachable.add(name);
  for (const [, child] of children(name))
    if (child !== null && schemas.get(child)?.properties.size) pending.push(child);
}
const shortNames = new Map();
for (const name of reachable) {
  const short = name.split('.').slice(-3).join('.');
  if ([...shortNames.values()].includes(short)) throw new Error(`two schemas shorten to ${short}`);
  shortNames.set(name, short);
}
const fieldTypes = {};
for (const name of [...reachable].sort((a, b) => shortNames.get(a).localeCompare(shortNames.get(b)))) {
  const s = schemas.get(name);
  const fields = {};
  for (const field of [...s.properties.keys()].sort()) {
    const d = s.properties.get(field);
    const target = d === '' ? null : (d.ref ?? d.list ?? d.map);
    const short = target !== null && reachable.has(target) ? shortNames.get(target) : null;
    fields[field] = short === null ? '' : d.ref ? short : d.list ? `${short}[]` : `${short}{}`;
  }
  fieldTypes[shortNames.get(name)] = fields;
}
const shortTypes = Object.fromEntries(
  Object.entries(objectTypes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([gvk, name]) => [gvk, shortNames.get(name)]),
);
const shortPodSpecPaths = Object.fromEntries(
  Object.entries(podSpecPaths)
    .map(([name, p]) => [shortNames.get(name), p])
    .sort(([a], [b]) => a.localeCompare(b)),
);
const builtinKinds = Object.fromEntries(
  [...kinds.keys()]
    .sort()
    .map((group) => [
      group,
      Object.fromEntries(
        [...kinds.get(group).keys()].sort().map((version) => [version, [...kinds.get(group).get(version)].sort()]),
      ),
    ]),
);

const out = `// Generated by scripts/generate-builtin-api.mjs; do not edit. Re-run the script to update it.
${sources.map((line) => `// ${line}`).join('\n')}
// Releases (union): ${releases.join(', ')}

/** Group ('' = core) -> version -> kinds the API server maps to a resource. */
export const BUILTIN_KINDS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = ${JSON.stringify(builtinKinds)};

/** \`<apiVersion>/<kind>\` -> schema of the kinds that embed a pod spec. */
export const OBJECT_TYPES: Readonly<Record<string, string>> = ${JSON.stringify(shortTypes)};

/** Schema -> path of its pod spec. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(shortPodSpecPaths)};

/** Schema -> field -> '' (not checked further), 'T', 'T[]' (list of T) or 'T{}' (map of T). */
export const FIELD_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(fieldTypes)};
`;
// Written as the repository's formatter would (lint runs prettier --check over libs/).
const prettier = await import('prettier');
writeFileSync(OUTPUT, await prettier.format(out, { ...(await prettier.resolveConfig(OUTPUT)), filepath: OUTPUT }));
console.log(
  `wrote ${path.relative(process.cwd(), OUTPUT)}: ${Object.keys(builtinKinds).length} groups, ${Object.keys(shortTypes).length} pod-carrying kinds, ${Object.keys(fieldTypes).length} schemas`,
);
