import { describe, expect, it } from 'vitest';
import { bold, code } from './answer-model.js';
import { escapeMarkdown, markdownLine, prefersMarkdown, toMarkdown } from './plain-text.js';

describe('Markdown rendering', () => {
  it('renders headings, paragraphs, lists with "…and N more" and notes as quotes', () => {
    const md = toMarkdown({
      summary: 's',
      blocks: [
        { type: 'heading', text: 'nginx in prod' },
        { type: 'text', lines: [[bold('Pull policy Always'), ' — ', code('latest')], ['second']] },
        { type: 'list', title: [bold('Findings')], items: [['one'], ['two']], more: 2 },
        { type: 'note', lines: [['Assuming kubelet 1.37']] },
      ],
    });
    expect(md).toBe(
      [
        '### nginx in prod',
        '**Pull policy Always** — `latest`',
        'second',
        '**Findings**\n\n- one\n- two\n- …and 2 more',
        '> Assuming kubelet 1.37',
      ].join('\n\n') + '\n',
    );
  });

  it('escapes emphasis, links and HTML in text, and fences code containing backticks', () => {
    expect(escapeMarkdown('docker.io/* [x] <digest> a_b \\')).toBe('docker.io/\\* \\[x\\] \\<digest\\> a\\_b \\\\');
    expect(markdownLine([code('a`b')])).toBe('``a`b``');
    expect(markdownLine([code('`a')])).toBe('`` `a ``');
    expect(markdownLine([code('<digest>*')])).toBe('`<digest>*`');
    expect(markdownLine(['a\nb'])).toBe('a b');
  });
});

describe('prefersMarkdown', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/json', false],
    ['text/markdown', true],
    ['TEXT/MARKDOWN; charset=utf-8', true],
    ['text/markdown, application/json', true],
    ['application/json, text/markdown', false],
    ['application/json;q=0.5, text/markdown', true],
    ['text/markdown;q=0.4, application/json;q=0.9', false],
    ['text/markdown;q=0', false],
    ['text/markdown;q=abc', false],
    ['constructor, __proto__', false],
    ['text/*', true],
    ['text/x-markdown', true],
  ])('%j → %s', (accept, expected) => {
    expect(prefersMarkdown(accept)).toBe(expected);
  });
});
