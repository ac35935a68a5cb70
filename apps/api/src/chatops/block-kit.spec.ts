import { describe, expect, it } from 'vitest';
import { bold, code, type Answer } from './answer-model.js';
import { escapeMrkdwn, mrkdwnLine, SLACK_LIMITS, toBlockKit, type SlackBlock } from './block-kit.js';

const sectionTexts = (blocks: SlackBlock[]) =>
  blocks.flatMap((b) =>
    b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e) => e.text) : [],
  );

describe('Block Kit rendering', () => {
  it('renders headings, text, lists and notes as header, section and context blocks', () => {
    const answer: Answer = {
      summary: 'nginx in prod: Always',
      blocks: [
        { type: 'heading', text: 'nginx in prod' },
        { type: 'text', lines: [[bold('Pull policy Always'), ' — ', code('latest')], ['second line']] },
        { type: 'list', title: [bold('Findings')], items: [['one'], ['two']], more: 3 },
        { type: 'note', lines: [['Assuming kubelet 1.37']] },
      ],
    };
    expect(toBlockKit(answer)).toEqual({
      response_type: 'ephemeral',
      text: 'nginx in prod: Always',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'nginx in prod', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Pull policy Always* — `latest`\nsecond line' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Findings*\n• one\n• two\n…and 3 more' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Assuming kubelet 1.37' }] },
      ],
    });
  });

  it("escapes Slack's control characters, also inside code and bold", () => {
    expect(escapeMrkdwn('a <b> & c')).toBe('a &lt;b&gt; &amp; c');
    expect(mrkdwnLine(['x<y ', code('<digest>'), ' ', bold('a&b*c')])).toBe('x&lt;y `&lt;digest&gt;` *a&amp;bc*');
    expect(mrkdwnLine([code('a`b')])).toBe("`a'b`");
  });

  it('keeps every section within 3000 characters by splitting long lists', () => {
    const items = Array.from({ length: 40 }, (_, i) => [`item ${i} `, 'x'.repeat(200)]);
    const message = toBlockKit({ summary: 's', blocks: [{ type: 'list', items, more: 0 }] });
    const texts = sectionTexts(message.blocks);
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(texts.join('\n').match(/^• item/gm)).toHaveLength(40);
  });

  it('shortens a single line longer than 3000 characters, without cutting an entity', () => {
    const message = toBlockKit({ summary: 's', blocks: [{ type: 'text', lines: [['<'.repeat(5000)]] }] });
    const [text] = sectionTexts(message.blocks);
    expect(text!.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^(&lt;)+…$/);
  });

  it('keeps at most 50 blocks, ending with "…and N more" for the items left out', () => {
    const items = Array.from({ length: 200 }, (_, i) => [`item ${i} `, 'y'.repeat(1000)]);
    const message = toBlockKit({
      summary: 's',
      blocks: [
        { type: 'heading', text: 'Many' },
        { type: 'list', items, more: 7 },
      ],
    });
    expect(message.blocks).toHaveLength(SLACK_LIMITS.blocks);
    const shown = sectionTexts(message.blocks)
      .join('\n')
      .match(/^• item/gm)!.length;
    const last = message.blocks.at(-1)!;
    expect(last).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `…and ${200 - shown + 7} more` } });
  });

  it('truncates headers to 150 characters and the fallback text to 3000', () => {
    const message = toBlockKit({ summary: 'z'.repeat(5000), blocks: [{ type: 'heading', text: 'h'.repeat(400) }] });
    const header = message.blocks[0] as Extract<SlackBlock, { type: 'header' }>;
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.endsWith('…')).toBe(true);
    expect(message.text).toHaveLength(3000);
  });

  it('puts at most 10 context blocks for notes', () => {
    const lines = Array.from({ length: 30 }, () => ['n'.repeat(2500)]);
    const message = toBlockKit({ summary: 's', blocks: [{ type: 'note', lines }] });
    expect(message.blocks.filter((b) => b.type === 'context')).toHaveLength(10);
  });
});
