/**
 * The Content-Disposition of every download (RFC 6266 with the RFC 8187 `filename*` parameter): the Chinese file name
 * for browsers, UTF-8 percent-encoded, and an ASCII fallback for old clients (non-ASCII characters become `_`).
 */
export function contentDisposition(type: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A file name part without characters that file systems refuse (the rest, Chinese included, is kept). */
export function fileNamePart(s: string): string {
  let out = '';
  for (const ch of s) out += ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch;
  return out.trim();
}
