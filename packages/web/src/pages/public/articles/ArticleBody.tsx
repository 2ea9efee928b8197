/**
 * An article's body as the server sanitized it (docs/PORTAL.md "Safe rich text"): only p, br, strong, em, ul, ol, li,
 * h3, h4, blockquote and http(s) links without other attributes reach the browser, so it is rendered as HTML.
 */
export function ArticleBody({ html }: { html: string }) {
  return (
    <div
      className="qj-article-body"
      style={{ fontSize: 16, lineHeight: 1.8, wordBreak: 'break-word' }}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the server's allowlist sanitizer produced this HTML (articles/sanitize.rules.ts)
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
