import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments, isScalar, type Document } from 'yaml';
import { evaluateManifests } from '../evaluate/index.js';
import { MAX_DEPTH_LIMIT, loadManifests, type LoadedManifests, type ManifestError } from './index.js';
import { parseStream } from './parse-stream.js';

/**
 * Hostile input must never hang, crash or overflow the stack: every case ends in a clear error naming the
 * document, the path and the line.
 *
 * Time bounds are guards against quadratic or exponential work, not benchmarks. A case passes when the best of
 * up to two runs is within its budget (which holds several times over on an idle machine), or, on a machine
 * too busy for absolute figures, when it takes at most 30 times as long as the same input a tenth the size
 * (linear work: about 10 times; quadratic work: about 100 times).
 *
 * Property tests run with a fixed seed so CI is reproducible. To explore, drop `seed` (or pass another one):
 * a failure prints "Counterexample: …" plus `{ seed: …, path: "…" }`, which replays that exact case.
 */

/** `make(1)` is fast enough (see above); returns its result. `make(0.1)` is the same input a tenth the size. */
function timed<T>(make: (scale: number) => () => T, budgetMs: number): T {
  const run = make(1);
  let result!: T;
  let best = Infinity;
  for (let attempt = 0; attempt < 2 && best >= budgetMs; attempt++) {
    const started = performance.now();
    const value = run();
    best = Math.min(best, performance.now() - started);
    if (attempt === 0) result = value;
  }
  if (best >= budgetMs) {
    const small = make(0.1);
    let tenth = Infinity;
    for (let attempt = 0; attempt < 2; attempt++) {
      const started = performance.now();
      small();
      tenth = Math.min(tenth, performance.now() - started);
    }
    expect(best, `best of two: ${best} ms, over the ${budgetMs} ms budget and over 30 × ${tenth} ms`).toBeLessThan(
      30 * tenth,
    );
  }
  return result;
}

/** `count` scaled, at least 1. */
const scaled = (count: number, scale: number) => Math.max(1, Math.round(count * scale));

/** Slow cases run up to four times. */
const SLOW = { timeout: 60_000 };

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec: {containers: [{name: c, image: nginx}]}\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';

/** No error of the "last resort" kind: everything hostile has its own message. */
function expectClean(result: LoadedManifests): void {
  for (const error of result.errors) expect(error.message).not.toMatch(/could not (load|be read)|call stack/i);
}

describe('many keys and anchors load in linear time', () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `  k${i}: v${i}\n`).join('');

  it('a mapping with 60,000 keys', SLOW, () => {
    const result = timed((scale) => {
      const text = `${CONFIG_MAP}data:\n${keys(scaled(60_000, scale))}`;
      return () => loadManifests(text);
    }, 1500);
    expect(result).toEqual({
      documents: 1,
      workloads: [],
      skipped: [{ document: 0, kind: 'ConfigMap', name: 'c' }],
      unread: [],
      errors: [],
    });
  });

  it('a mapping with 60,000 keys and one duplicate at the end', SLOW, () => {
    const result = timed((scale) => {
      const text = `${CONFIG_MAP}data:\n${keys(scaled(60_000, scale))}  k7: again\n`;
      return () => loadManifests(text);
    }, 1500);
    expect(result.errors).toEqual([
      { code: 'duplicate-key', document: 0, path: null, line: 60_005, column: 3, message: 'Map keys must be unique' },
    ]);
    expect(result.skipped).toEqual([]);
  });

  const anchorsAndAliases = (n: number) =>
    `${CONFIG_MAP}data:\n${Array.from({ length: n }, (_, i) => `  k${i}: &a${i} v${i}\n`).join('')}` +
    `refs:\n${Array.from({ length: n }, (_, i) => `- *a${i}\n`).join('')}`;

  it('20,000 anchors and 20,000 aliases', SLOW, () => {
    const result = timed((scale) => {
      const text = anchorsAndAliases(scaled(20_000, scale));
      return () => loadManifests(text, { maxAliasCount: -1 });
    }, 1500);
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual([{ document: 0, kind: 'ConfigMap', name: 'c' }]);
    // With the default limit the 101st alias is refused, at its own position.
    expect(loadManifests(anchorsAndAliases(20_000)).errors).toEqual([
      expect.objectContaining({ document: 0, path: 'refs[100]', line: 20_006 + 100, column: 3 }),
    ]);
  });

  it('20,000 anchored containers, each used again through an alias', SLOW, () => {
    const result = timed((scale) => {
      const n = scaled(10_000, scale);
      const containers = Array.from({ length: n }, (_, i) => `  - &c${i} {name: c${i}, image: nginx}\n`).join('');
      const again = Array.from({ length: n }, (_, i) => `  - *c${i}\n`).join('');
      const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n${containers}  initContainers:\n${again}`;
      return () => loadManifests(text, { maxAliasCount: -1 });
    }, 1500);
    expect(result.errors).toEqual([]);
    expect(result.workloads[0]!.slots).toHaveLength(20_000);
  });
});

type DocErrors = Array<[line: number, column: number, message: string]>;

/** The old reader's errors per document: yaml composing with uniqueKeys on (quadratic, but the reference). */
function yamlErrors(text: string): DocErrors[] {
  const lineCounter = new LineCounter();
  const options = { merge: true, uniqueKeys: true, prettyErrors: false, lineCounter } as const;
  const parsed = parseAllDocuments(text, options);
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const out: DocErrors[] = [];
  for (const doc of docs) {
    const root = doc.contents;
    const empty =
      doc.errors.length === 0 &&
      (root === null ||
        (isScalar(root) && root.value === null && root.range[0] === root.range[1] && !root.anchor && !root.tag));
    if (empty) continue;
    out.push(
      doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return [Math.max(line, 1), Math.max(col, 1), error.message.split('\n', 1)[0]!.replace(/:\s*$/, '').trim()];
      }),
    );
  }
  return out;
}

function streamErrors(text: string): DocErrors[] {
  const out: DocErrors[] = [];
  for (const item of parseStream(text, 0, { maxDocuments: Infinity, maxDepth: MAX_DEPTH_LIMIT }, new LineCounter()))
    if ('document' in item) out.push(item.document.errors.map((e) => [e.line!, e.column!, e.message]));
  return out;
}

/**
 * The same documents fail, with the same messages. Where a duplicate key is a document's only kind of error,
 * the positions are the same too. yaml placed a key's error at the end of whatever came before the key (its
 * "key start"), which is the key itself except after an empty value or inside a syntax error; there we report
 * the key itself. Within a document yaml's order is not by position, so errors are compared as sets.
 */
function expectSameErrors(text: string): void {
  const expected = yamlErrors(text);
  const actual = streamErrors(text);
  expect(actual.length).toBe(expected.length);
  const byPosition = (errors: DocErrors) =>
    [...errors].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]));
  const messages = (errors: DocErrors) => errors.map((e) => e[2]).sort();
  expected.forEach((errors, i) => {
    const onlyDuplicates = errors.every((e) => e[2] === 'Map keys must be unique');
    if (onlyDuplicates) expect(byPosition(actual[i]!)).toEqual(byPosition(errors));
    else expect(messages(actual[i]!)).toEqual(messages(errors));
  });
}

describe('duplicate keys are found as yaml found them', () => {
  it.each([
    ['the existing spec case', 'kind: Pod\nmetadata:\n  name: a\n  name: b\n'],
    ['block', 'a: 1\nb: 2\na: 3\n'],
    ['flow', '{a: 1, b: 2, a: 3}'],
    ['JSON', '{"a": 1, "a": 2}'],
    ['nested, twice', 'x:\n  a: 1\n  a: 2\n  a: 3\ny: {b: 1, b: 2}\n'],
    ['equal values of different spelling', '1: a\n0x1: b\ntrue: c\nTrue: d\n'],
    ['a string and a number differ', '1: a\n"1": b\n'],
    ['NaN never equals itself', '.nan: a\n.NaN: b\n'],
    ['two merge keys differ', 'x: &x {a: 1}\ny:\n  <<: *x\n  <<: *x\n'],
    ['null keys', '~: a\nnull: b\n'],
    ['an anchored and a tagged key', '&k a: 1\n!!str a: 2\n'],
    ['explicit keys', '? a\n: 1\n? a\n: 2\n'],
    ['collection keys are never equal', '? [a]\n: 1\n? [a]\n: 2\n'],
    ['with a syntax error before', 'a: [\nb: 1\nb: 2\n'],
    ['in a later document', 'a: 1\n---\nb: 1\nb: 2\n'],
    ['more than eight keys', `${Array.from({ length: 12 }, (_, i) => `k${i % 10}: ${i}\n`).join('')}`],
  ])('%s', (_name, text) => {
    expectSameErrors(text);
  });

  it('reports a duplicate that follows an empty value at the key (yaml: at the end of that empty value)', () => {
    expect(yamlErrors('a:\na: 1\n')).toEqual([[[1, 3, 'Map keys must be unique']]]);
    expect(streamErrors('a:\na: 1\n')).toEqual([[[2, 1, 'Map keys must be unique']]]);
  });

  const tokens = fc.constantFrom(
    'a: 1\n',
    'a: 2\n',
    'b: x\n',
    '1: n\n',
    '"1": s\n',
    '? a\n',
    ': v\n',
    '{a: 1, a: 2}',
    '[a: 1, a: 2]',
    '  a: 3\n',
    '  ',
    '- ',
    '&k ',
    '*k',
    '<<: *k\n',
    '.nan: z\n',
    '~: n\n',
    '---\n',
    '[',
    ']',
    '{',
    '}',
    ', ',
    ': ',
    '\n',
    '#c\n',
  );

  it('agrees with yaml uniqueKeys on random token soup', () => {
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expectSameErrors(text);
      }),
      { seed: 42, numRuns: 1500 },
    );
  });
});

describe('deep nesting is an error, never a stack overflow', () => {
  const nested = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = wrap(value);
    return value;
  };

  describe.each([10_000, 100_000])('%i levels', (depth) => {
    it.each([
      ['a flow sequence', (d: number) => '['.repeat(d) + ']'.repeat(d), '[0]'.repeat(100), 1, 101],
      ['an unclosed flow sequence', (d: number) => '['.repeat(d), '[0]'.repeat(100), 1, 101],
      ['a flow mapping', (d: number) => '{a: '.repeat(d) + '1' + '}'.repeat(d), 'a' + '.a'.repeat(99), 1, 401],
      ['a compact block sequence', (d: number) => '- '.repeat(d) + 'x', '[0]'.repeat(100), 1, 201],
      ['JSON text', (d: number) => `{"spec": ${'['.repeat(d)}${']'.repeat(d)}}`, 'spec' + '[0]'.repeat(99), 1, 109],
    ])('%s', SLOW, (_name, text, path, line, column) => {
      const result = timed((scale) => {
        const input = `${text(Math.max(scaled(depth, scale), 200))}\n---\n${POD}`;
        return () => loadManifests(input);
      }, 2000);
      expectClean(result);
      expect(result.documents).toBe(2);
      expect(result.errors).toEqual([
        { code: 'too-deep', document: 0, path, line, column, message: 'nesting is deeper than 100 levels' },
      ]);
      // The document after it still loads, with its own positions.
      expect(result.workloads).toEqual([expect.objectContaining({ document: 1, name: 'ok', line: 3 })]);
    });

    it.each([
      ['nested arrays', () => nested(depth, 1, (inner) => [inner]), '[0]'.repeat(100)],
      ['nested objects', () => nested(depth, 1, (inner) => ({ a: inner })), 'a' + '.a'.repeat(99)],
      [
        'a deep pod spec',
        () => ({ kind: 'Pod', spec: nested(depth, {}, (inner) => ({ x: inner })) }),
        'spec' + '.x'.repeat(99),
      ],
    ])('already-parsed %s', (_name, make, path) => {
      const value = make();
      const started = performance.now();
      const pod = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'nginx' }] } };
      const result = loadManifests([value, pod]);
      // The walk stops at the limit: the depth of the value does not matter.
      expect(performance.now() - started).toBeLessThan(500);
      expectClean(result);
      expect(result.errors).toEqual([
        { code: 'too-deep', document: 0, path, line: null, column: null, message: 'nesting is deeper than 100 levels' },
      ]);
      expect(result.workloads).toEqual([expect.objectContaining({ document: 1 })]);
      // The same through evaluateManifests, as a single object.
      expect(evaluateManifests(value).errors).toEqual([
        { code: 'too-deep', document: 0, path, line: null, message: 'nesting is deeper than 100 levels' },
      ]);
    });
  });

  it('nesting up to the limit loads; one more level is refused, with the path of that level', () => {
    const at = (depth: number) =>
      `apiVersion: v1\nkind: Pod\nx: ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}\nspec: {containers: [{name: c, image: nginx}]}\n`;
    // Loaded and read: all that is left is the API server's refusal of the unknown field.
    expect(loadManifests(at(100)).errors.map((e) => [e.path, e.message])).toEqual([
      ['x', 'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "x"'],
    ]);
    expect(loadManifests(at(101)).errors).toEqual([
      {
        code: 'too-deep',
        document: 0,
        path: `x${'[0]'.repeat(99)}`,
        line: 3,
        column: 103,
        message: 'nesting is deeper than 100 levels',
      },
    ]);
  });

  it(`maxDepth is at most ${MAX_DEPTH_LIMIT}, whatever is asked (yaml's composer recurses per level)`, SLOW, () => {
    const flow = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(loadManifests(flow(MAX_DEPTH_LIMIT), { maxDepth: 10_000 }).errors).toEqual([
      expect.objectContaining({
        message: 'document 0 is a list: a Kubernetes object must be a mapping with apiVersion and kind',
      }),
    ]);
    for (const maxDepth of [MAX_DEPTH_LIMIT + 1, 10_000, Infinity, Number.NaN]) {
      const result = loadManifests(flow(2_000), { maxDepth });
      expect(result.errors).toEqual([
        expect.objectContaining({ message: `nesting is deeper than ${MAX_DEPTH_LIMIT} levels` }),
      ]);
    }
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(loadManifests(deep, { maxDepth: 1e9 }).errors[0]!.message).toBe(
      `nesting is deeper than ${MAX_DEPTH_LIMIT} levels`,
    );
  });

  it('a toJSON that returns a deep value is reported, not thrown', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const result = loadManifests([{ toJSON: () => deep }]);
    expect(result.errors).toEqual([
      expect.objectContaining({
        document: 0,
        message: 'document 0 cannot be rendered as JSON: it is nested too deeply',
      }),
    ]);
  });

  it('a value that shares its parts is neither walked nor rendered exponentially', SLOW, () => {
    let shared: unknown = { kind: 'x' };
    for (let i = 0; i < 60; i++) shared = [shared, shared];
    const started = performance.now();
    const result = loadManifests({ apiVersion: 'v1', kind: 'ConfigMap', data: shared });
    // 2^61 values if rendered; the walk stops after MAX_RENDERED_VALUES.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.errors).toEqual([
      expect.objectContaining({
        document: 0,
        message: expect.stringContaining('document 0 cannot be rendered as JSON: it has more than 10000000'),
      }),
    ]);
  });
});

describe('maxStringLength', () => {
  const LIMIT = { maxStringLength: 50 };
  const long = 'x'.repeat(51);

  it.each([
    [
      'a value',
      `${POD.replace('image: nginx', `image: ${long}`)}`,
      'spec.containers[0].image',
      4,
      38,
      `string at spec.containers[0].image is 51 characters; the limit is 50`,
    ],
    [
      'a key',
      `${CONFIG_MAP}data:\n  ${long}: v\n`,
      `data[${'x'.repeat(20)}…]`,
      5,
      3,
      `string at data[${'x'.repeat(20)}…] (a key) is 51 characters; the limit is 50`,
    ],
    ['the document itself', `"${long}"\n`, null, 1, 1, 'string at the document root is 51 characters; the limit is 50'],
    [
      'a string nobody reads',
      `${CONFIG_MAP}data: {a: [1, 2, ${long}]}\n`,
      'data.a[2]',
      4,
      18,
      'string at data.a[2] is 51 characters; the limit is 50',
    ],
  ])('refuses %s that is too long, and that document only', (_name, text, path, line, column, message) => {
    const result = loadManifests(`${text}---\n${POD}`, LIMIT);
    expect(result.errors).toEqual([{ code: 'string-too-long', document: 0, path, line, column, message }]);
    expect(result.workloads.map((w) => w.document)).toEqual([1]);
  });

  it('counts characters after unescaping, and allows exactly the limit', () => {
    expect(loadManifests(`${CONFIG_MAP}data: {a: "${'\\u0041'.repeat(50)}"}\n`, LIMIT).errors).toEqual([]);
    expect(loadManifests(`${CONFIG_MAP}data: {a: "${'\\u0041'.repeat(51)}"}\n`, LIMIT).errors).toHaveLength(1);
  });

  it('applies to already-parsed objects, and is unlimited by default', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'y'.repeat(5_000_000) } };
    expect(loadManifests(object).errors).toEqual([]);
    expect(evaluateManifests([object], {}, { maxStringLength: 1_048_576 }).errors).toEqual([
      {
        code: 'string-too-long',
        document: 0,
        path: 'data.a',
        line: 5,
        message: 'string at data.a is 5000000 characters; the limit is 1048576',
      },
    ]);
  });
});

describe('maxSlots and maxDocuments stop early', () => {
  const containers = Array.from({ length: 100_000 }, (_, i) => ({ name: `c${i}`, image: 'nginx:1.27' }));
  const bigPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' }, spec: { containers } };

  it('one Pod with 100,000 containers answers with the limit error quickly', SLOW, () => {
    const result = timed((scale) => {
      const pod = { ...bigPod, spec: { containers: containers.slice(0, scaled(100_000, scale)) } };
      return () => evaluateManifests(pod, {}, { maxSlots: 1000 });
    }, 1000);
    expect(result.summary).toEqual({ documents: 1, workloads: 0, slots: 0 });
    expect(result.errors).toEqual([
      {
        code: 'too-many-slots',
        document: 0,
        path: 'spec.containers[1000]',
        line: 4009,
        message: 'too many image slots: the limit is 1000 per request',
      },
    ]);
  });

  it('the same error for YAML text (there, yaml parsing the whole text is most of the work)', () => {
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers:\n${containers
      .slice(0, 2000)
      .map((c) => `  - {name: ${c.name}, image: "${c.image}"}\n`)
      .join('')}`;
    expect(evaluateManifests(yaml, {}, { maxSlots: 1000 }).errors).toEqual([
      {
        code: 'too-many-slots',
        document: 0,
        path: 'spec.containers[1000]',
        line: 1006,
        message: 'too many image slots: the limit is 1000 per request',
      },
    ]);
  });

  it('counts slots across documents and List items, and reads nothing after the limit', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [bigPod, bigPod].map((p) => ({ ...p, spec: { containers: containers.slice(0, 2) } })),
    };
    const result = evaluateManifests([list, bigPod], {}, { maxSlots: 3 });
    expect(result.summary).toEqual({ documents: 1, workloads: 1, slots: 2 });
    expect(result.errors).toEqual([
      expect.objectContaining({
        document: 0,
        path: 'items[1].spec.containers[1]',
        message: 'too many image slots: the limit is 3 per request',
      }),
    ]);
  });

  it('a stream of 200,000 documents stops parsing at maxDocuments', () => {
    const text = `${POD}---\n`.repeat(200_000);
    const started = performance.now();
    const result = loadManifests(text, { maxDocuments: 10 });
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.documents).toBe(10);
    expect(result.errors).toEqual([
      {
        code: 'too-many-documents',
        document: 10,
        path: null,
        line: 51,
        column: 1,
        message: 'more than 10 documents; the rest of the input was not loaded',
      },
    ]);
  });

  it('limits are errors, never exceptions', () => {
    const smallPod = { ...bigPod, spec: { containers: containers.slice(0, 3) } };
    const soup = fc.oneof(fc.string(), fc.jsonValue(), fc.constant(smallPod), fc.constant(POD));
    const limits = fc.record(
      {
        maxSlots: fc.nat(5),
        maxDocuments: fc.nat(3),
        maxDepth: fc.oneof(fc.nat(5), fc.constant(Infinity)),
        maxAliasCount: fc.integer({ min: -1, max: 3 }),
        maxStringLength: fc.nat(10),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(soup, { maxLength: 3 }), limits, (input, options) => {
        const result = loadManifests(input, options);
        for (const error of result.errors as ManifestError[]) expect(error.message.length).toBeGreaterThan(0);
        expectClean(result);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('maxParseMs', () => {
  it('stops reading a slow input at the deadline with an error naming it, and reads a fast one whole', () => {
    const flow = `kind: ConfigMap\ndata: {${Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join(', ')}}\n`;
    const started = performance.now();
    const slow = loadManifests(flow, { maxParseMs: 50 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(slow.errors.map((e) => e.message)).toEqual([
      'reading the input took longer than 50 ms; the rest of the input was not loaded',
    ]);
    const fast = loadManifests(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: x}]}\n',
      {
        maxParseMs: 5_000,
      },
    );
    expect(fast.errors).toEqual([]);
    expect(fast.workloads).toHaveLength(1);
  });
});
