import { ARTICLE_LIMITS } from '@qiangjian/shared/data';
import { describe, expect, it } from 'vitest';
import { plainText, safeHref, sanitizeHtml } from './sanitize.rules.js';

const clean = (s: string) => sanitizeHtml(s, { maxDepth: ARTICLE_LIMITS.maxDepth });

/** No executable markup can survive: no script/style element, no event handler, no javascript:/data: URL, no raw '<' outside a kept tag. */
function assertInert(html: string): void {
  const lower = html.toLowerCase();
  expect(lower).not.toContain('<script');
  expect(lower).not.toContain('<style');
  expect(lower).not.toContain('<img');
  expect(lower).not.toContain('<iframe');
  expect(lower).not.toContain('<svg');
  expect(lower).not.toMatch(/<[^>]*\son\w+\s*=/);
  expect(lower).not.toContain('javascript:');
  expect(lower).not.toContain('data:');
  // every '<' opens or closes an allowed element
  for (const m of html.matchAll(/<\/?([a-z0-9]+)/g))
    expect(['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'h3', 'h4', 'a', 'blockquote']).toContain(m[1]);
}

describe('sanitizeHtml', () => {
  it('keeps the safe subset as written', () => {
    const html =
      '<h3>标题</h3><p>一段<strong>加粗</strong>和<em>斜体</em>文字<br>换行</p><ul><li>一</li></ul><ol><li>二</li></ol><h4>小</h4><blockquote>引用</blockquote>';
    expect(clean(html)).toBe(html);
  });

  it('drops every attribute but an http(s) href, and adds rel=noopener to links', () => {
    expect(clean('<p class="x" style="color:red" onclick="alert(1)">a</p>')).toBe('<p>a</p>');
    expect(clean('<a href="https://www.samr.gov.cn/?a=1&b=2" title="t" onmouseover="x()">链接</a>')).toBe(
      '<a href="https://www.samr.gov.cn/?a=1&amp;b=2" rel="noopener noreferrer" target="_blank">链接</a>',
    );
    expect(clean("<a href='http://example.cn/x'>x</a>")).toContain('href="http://example.cn/x"');
    expect(clean('<b>粗</b><i>斜</i>')).toBe('<strong>粗</strong><em>斜</em>');
  });

  it('drops script and style with their content, in any case and with attributes', () => {
    expect(clean('<p>a</p><script>alert(1)</script><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(clean('<SCRIPT type="text/javascript">alert("x")</SCRIPT >ok')).toBe('ok');
    expect(clean('<style>p{background:url(javascript:alert(1))}</style>文字')).toBe('文字');
    expect(clean('<script>document.write("<p>x</p>")</script>after')).toBe('after');
    expect(clean('<scr<script>ipt>alert(1)</script>')).toBe('ipt&gt;alert(1)');
    expect(clean('<svg><script>alert(1)</script></svg>t')).toBe('t');
    expect(clean('<p>a<script>never closed')).toBe('<p>a</p>');
    expect(clean('<iframe src="https://evil.example"></iframe><noscript><p>x</p></noscript>y')).toBe('y');
  });

  it('removes event handlers and unknown elements (onerror, img, object), keeping their text', () => {
    const out = clean('<img src=x onerror=alert(1)><p onerror="alert(1)">t</p><object data="x">o</object><div>d</div>');
    expect(out).toBe('<p>t</p>d');
    assertInert(out);
  });

  it('refuses javascript:, data: and other schemes in every disguise', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java&#x09;script:alert(1)',
      'javascript&colon;alert(1)',
      '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)',
      '&#x6A;avascript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'vbscript:msgbox(1)',
      '//evil.example/x',
      '/relative',
      'mailto:a@b.cn',
    ]) {
      expect(safeHref(href), href).toBeNull();
      const out = clean(`<a href="${href}">点我</a>`);
      expect(out, href).toBe('点我');
    }
    expect(safeHref('https://a.cn/x y')).toBe('https://a.cn/xy');
    expect(safeHref('HTTPS://A.CN/')).toBe('HTTPS://A.CN/');
  });

  it('escapes text and quotes, keeps well-formed references, drops NUL', () => {
    expect(clean('1 < 2 > 0 & "q"')).toBe('1 &lt; 2 &gt; 0 &amp; &quot;q&quot;');
    expect(clean('&amp; &#39; &#x4e2d; &nbsp; &bogus &#0; &#xd800;')).toBe('&amp; &#39; &#x4e2d; &nbsp; &amp;bogus &amp;#0; &amp;#xd800;');
    expect(clean('a\u0000b')).toBe('ab');
    expect(clean('<p title="a>b">x</p>')).toBe('<p>x</p>');
    expect(clean('<a href="https://x.cn/&quot;onclick=&quot;alert(1)">q</a>')).toBe(
      '<a href="https://x.cn/&quot;onclick=&quot;alert(1)" rel="noopener noreferrer" target="_blank">q</a>',
    );
  });

  it('closes unclosed tags, drops stray end tags and a tag cut off by the end of input', () => {
    expect(clean('<p><strong>a')).toBe('<p><strong>a</strong></p>');
    expect(clean('</p></li>text</strong>')).toBe('text');
    expect(clean('<ul><li>a<li>b</ul>c')).toBe('<ul><li>a<li>b</li></li></ul>c');
    expect(clean('<p>x</p><a href="https://a.cn')).toBe('<p>x</p>');
    expect(clean('<p>x<a href=https://a.cn')).toBe('<p>x</p>');
    expect(clean('<!-- <script>alert(1)</script> -->ok<!-- unterminated <p>x</p>')).toBe('ok');
    expect(clean('<!DOCTYPE html><?xml x?>t')).toBe('t');
    expect(clean('<a href="https://a.cn"><a href="https://b.cn">inner</a></a>')).toBe(
      '<a href="https://a.cn" rel="noopener noreferrer" target="_blank">inner</a>',
    );
  });

  it('caps the nesting depth (deeper opening tags dropped, text kept, output balanced)', () => {
    const depth = 10_000;
    const out = clean(`${'<blockquote>'.repeat(depth)}深${'</blockquote>'.repeat(depth)}`);
    expect(out).toBe(`${'<blockquote>'.repeat(ARTICLE_LIMITS.maxDepth)}深${'</blockquote>'.repeat(ARTICLE_LIMITS.maxDepth)}`);
    const unbalanced = clean('<em>'.repeat(depth));
    expect(unbalanced).toBe('<em>'.repeat(ARTICLE_LIMITS.maxDepth) + '</em>'.repeat(ARTICLE_LIMITS.maxDepth));
  });

  it('stays linear on 1 MB of hostile input (work per character bounded, not timed)', () => {
    const mb = 1024 * 1024;
    const inputs = [
      '<'.repeat(mb),
      '<a'.repeat(mb / 2),
      '<p '.repeat(mb / 3),
      `<script>${'</scrip'.repeat(mb / 7)}`,
      `<a href="${'x'.repeat(mb)}`,
      '&#'.repeat(mb / 2),
      '<!-'.repeat(mb / 3),
      `<p a=${'='.repeat(mb)}>`,
      '<p>'.repeat(mb / 3),
      '</p>'.repeat(mb / 4),
      `${'<p><strong>x'.repeat(mb / 12)}`,
    ];
    for (const s of inputs) {
      expect(s.length).toBeGreaterThan(mb - 16);
      const out = clean(s);
      // output is bounded by a constant factor of the input (escaping) and inert
      expect(out.length).toBeLessThanOrEqual(s.length * 6 + 64);
      assertInert(out);
    }
  });

  it('plainText: the summary of a body', () => {
    expect(plainText('<h3>标题</h3><p>第一段 &amp; 更多</p><p>第二段</p>', 100)).toBe('标题 第一段 & 更多 第二段');
    expect(plainText(`<p>${'字'.repeat(200)}</p>`, 10)).toBe(`${'字'.repeat(10)}…`);
  });
});
