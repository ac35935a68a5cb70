import { celEnv, isCelError, isCelList, isCelMap, isCelUint, parse, plan, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from '@bufbuild/re2';
import {
  PULL_POLICIES,
  WORKLOAD_KINDS,
  canonicalImageName,
  canonicalRegistryHost,
  defaultPullPolicy,
  parseImageReference,
} from '#k8s';
import type { CelSlot, CelSlotType } from './cel-slots.js';

/**
 * Evaluates generated admission-policy CEL the way the API server does, for tests: @bufbuild/cel with the strings
 * extension (the API server's CEL environment has it, version 2 from Kubernetes 1.29), `object` bound to the
 * object, and `variables.<name>` bound to the earlier variables (staging/src/k8s.io/apiserver/pkg/admission/plugin/
 * cel/composition.go: variables are evaluated in order, each seeing the ones before it).
 */

type Evaluator = (bindings: Record<string, CelInput>) => unknown;

interface Matcher {
  test(text: string): boolean;
}

/**
 * The RE2 engine @bufbuild/cel evaluates `matches` with (RE2JS, pinned to @bufbuild/cel's version in
 * package.json), with compiled patterns cached: the stock `matches` compiles the pattern on every
 * call, which takes milliseconds for the reference grammar, while a match takes microseconds.
 */
const re2 = (() => {
  const compiled = new Map<string, Matcher>();
  return {
    compile(pattern: string): Matcher {
      let matcher = compiled.get(pattern);
      if (!matcher) {
        matcher = RE2JS.compile(pattern);
        compiled.set(pattern, matcher);
      }
      return matcher;
    },
  };
})();

const env = celEnv({ funcs: strings, re2 });
const planned = new Map<string, Evaluator>();

/** Parsed and planned once per expression text: property tests evaluate the same variables many times. */
function evaluator(expression: string): Evaluator {
  let evaluate = planned.get(expression);
  if (!evaluate) {
    evaluate = plan(env, parse(expression)) as Evaluator;
    planned.set(expression, evaluate);
  }
  return evaluate;
}

/** A binding as given: CEL values pass through, anything else is read as JSON (integers as int). */
function bindable(value: unknown): CelInput {
  if (isCelList(value) || isCelMap(value) || isCelUint(value)) return value;
  return toCelJson(value);
}

function evaluateRaw(expression: string, bindings: Record<string, CelInput>, what: string): unknown {
  const result = evaluator(expression)(bindings);
  if (isCelError(result)) throw new Error(`CEL error in ${what}: ${result.message}\n  expression: ${expression}`);
  return result;
}

/**
 * One expression with the given bindings (plain JSON, or CEL values), its result as plain JavaScript (see
 * fromCel). Throws on a CEL error.
 */
export function evaluateExpression(expression: string, bindings: Record<string, unknown>): unknown {
  const bound: Record<string, CelInput> = {};
  for (const [name, value] of Object.entries(bindings)) bound[name] = bindable(value);
  return fromCel(evaluateRaw(expression, bound, 'expression'));
}

/**
 * Admission `variables` evaluated in order with `object` bound, each seeing `variables.<earlier name>`; returns
 * every variable's value as plain JavaScript. Throws on the first CEL error, naming the variable.
 */
export function evaluateVariables(
  variables: ReadonlyArray<{ name: string; expression: string }>,
  object: unknown,
): Record<string, unknown> {
  const bound = bindable(object);
  const values: Record<string, CelInput> = {};
  const out: Record<string, unknown> = {};
  for (const { name, expression } of variables) {
    // A fresh map each time: the evaluator may read the binding once, when it is made.
    const bindings = { object: bound, variables: { ...values } };
    const value = evaluateRaw(expression, bindings, `variable ${name}`) as CelInput;
    values[name] = value;
    out[name] = fromCel(value);
  }
  return out;
}

// --- pullwise's own reading, for differential tests of cel-slots.ts ----------------------------------------------

/** The `variables.slots` element pullwise's engine implies for one slot (libs/k8s parser, names and defaulting). */
export function pullwiseSlot(slot: CelSlotType, name: string, image: string, written: string): CelSlot {
  const ref = parseImageReference(image);
  const valid = ref.error === null;
  const host = valid ? canonicalRegistryHost(ref.registry!) : '';
  const nameRef = valid ? canonicalImageName(ref.registry!, ref.repository!) : '';
  const declared = (PULL_POLICIES as readonly string[]).includes(written) ? (written as CelSlot['effective']) : null;
  return {
    slot,
    name,
    image,
    written,
    host,
    repository: valid ? nameRef.slice(host.length + 1) : '',
    name_ref: nameRef,
    tag: ref.tag ?? '',
    digest: ref.digest ?? '',
    effective: declared ?? defaultPullPolicy(image),
    valid,
  };
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The pod spec of a workload object (libs/k8s WORKLOAD_KINDS paths), or null. */
function podSpecOf(object: Json): Json | null {
  const kind = typeof object.kind === 'string' && Object.hasOwn(WORKLOAD_KINDS, object.kind) ? object.kind : null;
  if (kind === null) return null;
  let node: unknown = object;
  for (const field of WORKLOAD_KINDS[kind]!.podSpecPath) node = isRecord(node) ? node[field] : undefined;
  return isRecord(node) ? node : null;
}

/**
 * A copy of `object` as the API server hands it to admission: empty pull policies defaulted
 * (pkg/apis/core/v1/defaults.go SetDefaults_Container, SetDefaults_Volume, via libs/k8s defaultPullPolicy) and a
 * few of the other fields defaulting adds to every pod spec and container (SetDefaults_PodSpec, SetDefaults_Container).
 */
export function apiServerDefaults<T>(object: T): T {
  const copy = structuredClone(object) as unknown;
  const spec = isRecord(copy) ? podSpecOf(copy) : null;
  if (spec === null) return copy as T;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers) {
      if (!isRecord(c)) continue;
      if (typeof c.imagePullPolicy !== 'string' || c.imagePullPolicy === '') {
        c.imagePullPolicy = defaultPullPolicy(typeof c.image === 'string' ? c.image : '');
      }
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.resources ??= {};
    }
  }
  if (Array.isArray(spec.volumes)) {
    for (const v of spec.volumes) {
      const image = isRecord(v) ? v.image : undefined;
      if (!isRecord(image)) continue;
      if (typeof image.pullPolicy !== 'string' || image.pullPolicy === '') {
        image.pullPolicy = defaultPullPolicy(typeof image.reference === 'string' ? image.reference : '');
      }
    }
  }
  return copy as T;
}

/**
 * JSON (as parsed by JSON.parse or yaml's toJS) as CEL values: integral numbers become BigInt, because a JS number
 * binds as a CEL double and `2 == 2.0` style comparisons, indexes and `int` arithmetic would differ from the API
 * server, which decodes JSON integers as int64. Members whose value is null (or undefined) are dropped: the API
 * server decodes built-in objects into Go structs, where a JSON null is the zero value and is omitted again when
 * the object is handed to CEL (k8s.io/apimachinery runtime DefaultUnstructuredConverter, `omitempty`), so `has()`
 * is false for them there too. Nulls inside lists are kept.
 */
export function toCelJson(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (Array.isArray(value)) return value.map(toCelJson);
  if (typeof value === 'object') {
    const out: { [key: string]: CelInput } = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== null && member !== undefined) out[key] = toCelJson(member);
    }
    return out;
  }
  throw new Error(`cannot bind a ${typeof value} as a CEL value`);
}

/**
 * A CEL result as plain JavaScript: lists as arrays, maps with string keys as objects (other maps as Map), ints as
 * BigInt, uints as BigInt too; strings, booleans, doubles and null unchanged.
 */
function fromCel(value: unknown): unknown {
  if (isCelList(value)) return Array.from(value, fromCel);
  if (isCelMap(value)) {
    const entries = Array.from(value.entries(), ([k, v]) => [k, fromCel(v)] as const);
    if (!entries.every(([k]) => typeof k === 'string')) return new Map(entries);
    return Object.fromEntries(entries);
  }
  if (isCelUint(value)) return value.value;
  return value;
}
