// Comments cite the project's own docs/ and nothing outside the repository: every rule ID, vector and section
// of docs/kubernetes-semantics.md a comment (or a test name) names must be defined there, every docs/*.md link
// and quoted docs/design.md section must exist, and no comment may send the reader to a document the
// repository does not contain (../shared/docs, architecture.md, k8s-pull-semantics.md, "the spec" …).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED_DIRS = ['libs', 'apps', 'test', 'scripts', 'bench'];
const SOURCE = /\.(?:ts|mts|mjs|js)$/;
const SKIPPED = /(?:^|\/)(?:node_modules|dist|generated)(?:\/|$)|\.generated\.ts$/;

/** What docs/ defines, read from the Markdown files themselves. */
interface DocIndex {
  files: Map<string, { anchors: Set<string>; headings: Set<string> }>;
  sections: Set<string>;
  rules: Set<string>;
  vectors: Set<string>;
  decisions: Set<string>;
}

function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

export function indexDocs(docs: Record<string, string>): DocIndex {
  const index: DocIndex = {
    files: new Map(),
    sections: new Set(),
    rules: new Set(),
    vectors: new Set(),
    decisions: new Set(),
  };
  for (const [name, text] of Object.entries(docs)) {
    const anchors = new Set<string>();
    const headings = new Set<string>();
    for (const m of text.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(m[1]!);
    for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
      headings.add(m[1]!.trim());
      anchors.add(slug(m[1]!.trim()));
    }
    index.files.set(name, { anchors, headings });
    if (name === 'kubernetes-semantics.md') {
      for (const m of text.matchAll(/^#{2,3} (\d+(?:\.\d+)?|\d+\([a-z]\))[. ]/gm)) index.sections.add(m[1]!);
      for (const m of text.matchAll(/\*\*(R\d+\.\d+)\*\*/g)) index.rules.add(m[1]!);
      for (const m of text.matchAll(/^\| (?:<a id="[^"]+"><\/a>)?([AB]\d+) \|/gm)) index.vectors.add(m[1]!);
    }
    if (name === 'design.md') {
      for (const m of text.matchAll(/^\| (?:<a id="[^"]+"><\/a>)?(D\d+) \|/gm)) index.decisions.add(m[1]!);
    }
  }
  return index;
}

/** Documents outside the repository that comments used to cite. */
const EXTERNAL_DOCUMENT =
  /\.\.\/shared\/docs|\/work\/shared\/docs|k8s-pull-semantics|upstream-\d{4}-\d{2}\.md|anchors\.md|prisma-offline\.md|stack-notes\.md|(?<![\w/-])style\.md|architecture\.md|\bthe spec(?:ification)? §|\bspec §/i;
/** Who a `§` belongs to: the nearest of these before it. */
const SECTION_OWNER =
  /RFC \d+|\bissue #?\d+|CommonMark|XML|OpenAPI|docs\/[\w.-]+\.md|\bspec\b|k8s-pull-semantics\.md/gi;
const SECTION = /§\s?(\d+(?:\.\d+)*(?:\([a-z]\))?)/g;

/**
 * Problems in one comment. `strict` is for comments; test names (strings) may keep the old wording ("spec §8(b)
 * B16") as long as what they name is defined.
 */
export function citationProblems(text: string, index: DocIndex, strict: boolean): string[] {
  const problems: string[] = [];
  if (strict) {
    const external = EXTERNAL_DOCUMENT.exec(text);
    if (external) problems.push(`cites a document outside the repository: "${external[0]}"`);
  }
  for (const m of text.matchAll(/\bR\d+\.\d+\b/g)) {
    if (!index.rules.has(m[0])) problems.push(`${m[0]} is not a rule of docs/kubernetes-semantics.md`);
  }
  for (const m of text.matchAll(/\bB\d+\b/g)) {
    if (!index.vectors.has(m[0])) problems.push(`${m[0]} is not a vector of docs/kubernetes-semantics.md`);
  }
  if (/vector/i.test(text)) {
    for (const m of text.matchAll(/\bA\d+\b/g)) {
      if (!index.vectors.has(m[0])) problems.push(`${m[0]} is not a vector of docs/kubernetes-semantics.md`);
    }
  }
  for (const m of text.matchAll(/(?<![\w./-])docs\/([\w.-]+\.md)(?:#([\w-]+))?/g)) {
    const doc = index.files.get(m[1]!);
    if (!doc) problems.push(`docs/${m[1]} does not exist`);
    else if (m[2] !== undefined && !doc.anchors.has(m[2])) problems.push(`docs/${m[1]} has no anchor #${m[2]}`);
  }
  for (const m of text.matchAll(/docs\/design\.md,? ((?:"[^"]+"(?:,? and |, | or )?)+)/g)) {
    for (const q of m[1]!.matchAll(/"([^"]+)"/g)) {
      // A quoted name may wrap onto the next comment line.
      const heading = q[1]!.replace(/\s*\n\s*(?:\/\/|\*)?\s*/g, ' ');
      if (!index.files.get('design.md')?.headings.has(heading)) {
        problems.push(`docs/design.md has no section "${heading}"`);
      }
    }
  }
  for (const m of text.matchAll(/docs\/design\.md,? (D\d+)/g)) {
    if (!index.decisions.has(m[1]!)) problems.push(`${m[1]} is not a decision of docs/design.md`);
  }
  for (const m of text.matchAll(SECTION)) {
    let owner: string | undefined;
    for (const o of text.slice(0, m.index).matchAll(SECTION_OWNER)) owner = o[0];
    const ours =
      owner === 'docs/kubernetes-semantics.md' ||
      (!strict && (owner === undefined || /^spec$/i.test(owner) || /k8s-pull-semantics/i.test(owner)));
    if (ours) {
      if (!index.sections.has(m[1]!)) problems.push(`§${m[1]} is not a section of docs/kubernetes-semantics.md`);
    } else if (strict && (owner === undefined || /^docs\//.test(owner))) {
      problems.push(`§${m[1]} of ${owner ?? 'an unnamed document'}`);
    }
  }
  return problems;
}

interface Found {
  line: number;
  text: string;
  comment: boolean;
}

/** Comments (consecutive `//` lines joined) and string literals of a TypeScript/JavaScript file. */
function commentsAndStrings(file: string, text: string): Found[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const seen = new Set<number>();
  const ranges: ts.CommentRange[] = [];
  const strings: Found[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node) => {
    for (const r of [
      ...(ts.getLeadingCommentRanges(text, node.pos) ?? []),
      ...(ts.getTrailingCommentRanges(text, node.end) ?? []),
    ]) {
      if (!seen.has(r.pos)) {
        seen.add(r.pos);
        ranges.push(r);
      }
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateLiteralToken(node)) {
      strings.push({ line: lineOf(node.getStart(source)), text: node.text, comment: false });
    }
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  ranges.sort((a, b) => a.pos - b.pos);
  const comments: Found[] = [];
  let previousEnd = -1;
  for (const r of ranges) {
    const body = text.slice(r.pos, r.end);
    const last = comments.at(-1);
    const joined =
      last !== undefined &&
      r.kind === ts.SyntaxKind.SingleLineCommentTrivia &&
      /^\s*$/.test(text.slice(previousEnd, r.pos)) &&
      text.slice(previousEnd, r.pos).split('\n').length === 2 &&
      last.text.startsWith('//');
    if (joined) last.text += `\n${body}`;
    else comments.push({ line: lineOf(r.pos), text: body, comment: true });
    previousEnd = r.end;
  }
  return [...comments, ...strings];
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const rel = path.relative(repoRoot, full);
    if (SKIPPED.test(rel)) continue;
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (SOURCE.test(name)) out.push(full);
  }
  return out;
}

function readDocs(): Record<string, string> {
  const dir = path.join(repoRoot, 'docs');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((n) => n.endsWith('.md'))
      .map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]),
  );
}

describe('docs/ is what comments cite', () => {
  const index = indexDocs(readDocs());

  it('docs/kubernetes-semantics.md defines the rules, sections and vectors the code uses', () => {
    expect(index.rules.size).toBeGreaterThan(50);
    for (const s of ['1.2', '3', '4.5', '5.3', '7', '8(a)', '8(b)']) expect(index.sections, s).toContain(s);
    for (let i = 1; i <= 38; i++) expect(index.vectors, `A${i}`).toContain(`A${i}`);
    for (let i = 1; i <= 25; i++) expect(index.vectors, `B${i}`).toContain(`B${i}`);
  });

  it('every citation in a comment or test name resolves inside the repository', () => {
    const problems: string[] = [];
    const files = [
      ...SCANNED_DIRS.flatMap((d) => sourceFiles(path.join(repoRoot, d))),
      ...readdirSync(repoRoot)
        .filter((n) => SOURCE.test(n))
        .map((n) => path.join(repoRoot, n)),
    ];
    for (const file of files) {
      if (file === fileURLToPath(import.meta.url)) continue;
      const rel = path.relative(repoRoot, file);
      const text = readFileSync(file, 'utf8');
      // Parsing is the slow part: only files that could cite anything are parsed.
      if (!/§|\bR\d+\.\d+|\b[AB]\d+\b|\.md\b|\/work\/shared/.test(text)) continue;
      for (const found of commentsAndStrings(rel, text)) {
        // Strings are only judged in tests (their names cite vectors); elsewhere they are data.
        if (!found.comment && !/\.(?:e2e-)?spec\.ts$/.test(rel)) continue;
        for (const p of citationProblems(found.text, index, found.comment)) problems.push(`${rel}:${found.line}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('YAML fixtures describe themselves with the same citations', () => {
    const problems: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.ya?ml$/.test(name)) {
          for (const p of citationProblems(readFileSync(full, 'utf8'), index, true)) {
            problems.push(`${path.relative(repoRoot, full)}: ${p}`);
          }
        }
      }
    };
    walk(path.join(repoRoot, 'libs/policy/fixtures'));
    expect(problems).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const bad = (text: string) => citationProblems(text, index, true);
    expect(bad('// validatePullPolicy (docs/kubernetes-semantics.md R1.21)')).toEqual([]);
    expect(bad('// RFC 9110 §8.8.3 and §13.1.1; issue 13 §2; CommonMark §6.1')).toEqual([]);
    expect(bad('// docs/kubernetes-semantics.md §4.5, §8(b) B16, vectors A18–A20')).toEqual([]);
    expect(bad('// docs/design.md "Snapshot", docs/design.md D4, docs/design.md#verdicts')).toEqual([]);
    expect(bad('// (R9.99)')).toHaveLength(1);
    expect(bad('// B99')).toHaveLength(1);
    expect(bad('// docs/kubernetes-semantics.md §42')).toHaveLength(1);
    expect(bad('// spec §4.5')).not.toEqual([]);
    expect(bad('// §8(a) vectors')).toHaveLength(1);
    expect(bad('// the specification is ../shared/docs/k8s-pull-semantics.md')).not.toEqual([]);
    expect(bad('// architecture.md "Domain words"')).not.toEqual([]);
    expect(bad('// docs/architecture.md "Evaluate"')).not.toEqual([]);
    expect(bad('// docs/design.md "No such heading"')).toHaveLength(1);
    expect(bad('// docs/design.md D99')).toHaveLength(1);
    expect(bad('// docs/kubernetes-semantics.md#r99-1')).toHaveLength(1);
    // A test name may keep "spec §8(b) B16"; it must still name something docs/ defines.
    expect(citationProblems('spec §8(b) B16: invalid references', index, false)).toEqual([]);
    expect(citationProblems('spec §9.9 B77', index, false)).toHaveLength(2);
  });
});
