// The web console's GraphQL documents, validated against the schema the API serves (apps/api/schema.gql, generated
// from the code and drift-checked): a misspelt field, argument or variable type fails here, not in a browser. The
// answers' TypeScript types stay hand-written (GraphQL shapes: connections, enum spellings); the documents are
// what could otherwise drift unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, isInputType, Kind, parse, validate, type DocumentNode, type TypeNode } from 'graphql';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONSOLE_SRC = 'apps/console/src';
/** How a document opens: a template literal beginning so is taken for one; a plain string must also show its body. */
const TEMPLATE_START = /^\s*(?:query|mutation)\b/;
const STRING_START = /^\s*(?:query|mutation)\b\s*\w*\s*[({]/;

interface FoundDocument {
  /** `file:line`, relative to the console's src. */
  where: string;
  file: string;
  /** The operation name, for messages; read before parsing, so a document that does not parse is named too. */
  name: string;
  text?: string;
  /** Why the document's text could not be put together (a substitution that is not a constant of the file). */
  unreadable?: string;
}

/** The text a constant expression spells: literals, templates and `+`, names resolved to the file's `const`s. */
function constantText(node: ts.Expression, consts: Map<string, ts.Expression>, seen: string[] = []): string {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return (
      node.head.text + node.templateSpans.map((s) => constantText(s.expression, consts, seen) + s.literal.text).join('')
    );
  if (ts.isParenthesizedExpression(node)) return constantText(node.expression, consts, seen);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return constantText(node.left, consts, seen) + constantText(node.right, consts, seen);
  const init = ts.isIdentifier(node) && !seen.includes(node.text) ? consts.get(node.text) : undefined;
  if (init) return constantText(init, consts, [...seen, (node as ts.Identifier).text]);
  throw new Error(`\`${node.getText()}\` is not a constant string of the file`);
}

function consoleFiles(): string[] {
  return readdirSync(path.join(root, CONSOLE_SRC), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.(?:generated|d)\.ts$/.test(f))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** Every GraphQL document of one console file, and whether the file sends GraphQL requests (`api.graphql(…)`). */
function scan(file: string): { documents: FoundDocument[]; sends: boolean } {
  const text = readFileSync(path.join(root, CONSOLE_SRC, file), 'utf8');
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const consts = new Map<string, ts.Expression>();
  const literals: ts.Expression[] = [];
  let sends = false;
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.getCombinedNodeFlags(node) & ts.NodeFlags.Const
    )
      consts.set(node.name.text, node.initializer);
    if (
      ts.isTemplateExpression(node)
        ? TEMPLATE_START.test(node.head.text)
        : ts.isNoSubstitutionTemplateLiteral(node)
          ? TEMPLATE_START.test(node.text)
          : ts.isStringLiteral(node) && STRING_START.test(node.text)
    )
      literals.push(node as ts.Expression);
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'graphql'
    )
      sends = true;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const documents = literals.map((node): FoundDocument => {
    // A document split with `+` is read whole.
    let whole: ts.Expression = node;
    while (ts.isBinaryExpression(whole.parent) && whole.parent.operatorToken.kind === ts.SyntaxKind.PlusToken)
      whole = whole.parent;
    const where = `${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const head = ts.isTemplateExpression(node) ? node.head.text : (node as ts.StringLiteral).text;
    const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(head)?.[1] ?? '(anonymous)';
    try {
      return { where, file, name, text: constantText(whole, consts) };
    } catch (e) {
      return { where, file, name, unreadable: (e as Error).message };
    }
  });
  return { documents, sends };
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

const schema = buildSchema(readFileSync(path.join(root, 'apps/api/schema.gql'), 'utf8'));
const scanned = consoleFiles().map((file) => ({ file, ...scan(file) }));
const documents = scanned.flatMap((s) => s.documents);

describe('the console’s GraphQL documents', () => {
  it('are found in every file that has them', () => {
    // Update this list when a page starts (or stops) querying GraphQL: a document the scan misses is not checked.
    expect([...new Set(documents.map((d) => d.file))]).toEqual([
      'pages/clusters/clusters-api.ts',
      'pages/exceptions/exception-form.tsx',
      'pages/exceptions/exceptions-api.ts',
      'pages/overview/queries.ts',
    ]);
    expect(documents.length).toBeGreaterThanOrEqual(7);
    const sending = scanned.filter((s) => s.sends).map((s) => s.file);
    expect(
      sending.filter((f) => !documents.some((d) => d.file === f)),
      'files calling api.graphql without a document found',
    ).toEqual([]);
  });

  it.each(documents.map((d) => [`${d.where} ${d.name}`, d] as const))(
    '%s is valid against apps/api/schema.gql',
    (label, d) => {
      expect(d.unreadable, `${label}: the document's text`).toBeUndefined();
      let doc: DocumentNode;
      try {
        doc = parse(d.text!);
      } catch (e) {
        expect.fail(`${label} does not parse: ${(e as Error).message}`);
      }
      expect(
        validate(schema, doc).map((e) => e.message),
        `${label}: validation errors`,
      ).toEqual([]);
      const operations = doc.definitions.filter((def) => def.kind === Kind.OPERATION_DEFINITION);
      expect(
        operations.map((o) => o.name?.value),
        `${label}: one named operation`,
      ).toEqual([d.name]);
      for (const v of operations.flatMap((o) => o.variableDefinitions ?? [])) {
        const type = schema.getType(namedType(v.type));
        expect(type && isInputType(type), `${label}: $${v.variable.name.value} of type ${namedType(v.type)}`).toBe(
          true,
        );
      }
    },
  );
});
