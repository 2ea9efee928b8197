/**
 * The one way a route reads an uploaded file: `uploadedFile(req, { maxBytes, types })`. The file must be
 * there, no larger than `maxBytes`, and its content (magic bytes, not the name or the client's MIME type)
 * one of `types`; otherwise a stable error code: upload_missing (400), upload_too_large (413),
 * upload_type_not_allowed (415).
 */
import { isSafeName, t } from '@qiangjian/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export type UploadType = 'xlsx' | 'csv' | 'pdf' | 'png' | 'jpeg';

export interface UploadedFile {
  fileName: string;
  content: Buffer;
  /** the type its content was recognised as */
  type: UploadType;
}

const startsWith = (buf: Buffer, bytes: readonly number[]) => buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);

/** Bytes read to decide whether a file is text (a delimited-text export has no NUL byte). */
const TEXT_SAMPLE = 64 * 1024;

/** What the content is, by its first bytes; `csv` is any other content without a NUL byte (UTF-8 or GBK text). */
export function sniffType(buf: Buffer): UploadType | null {
  if (buf.length === 0) return null;
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx'; // zip (XLSX is a zip of XML parts)
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0])) return null; // OLE2: binary .xls/.doc
  return buf.subarray(0, TEXT_SAMPLE).includes(0) ? null : 'csv';
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

export function typesLabel(types: readonly UploadType[]): string {
  return types.map((x) => t(`upload.type.${x}`)).join(t('upload.typeSeparator'));
}

/** The request's one file (multipart/form-data), checked for presence, size and content type. */
export async function uploadedFile(req: FastifyRequest, o: { maxBytes: number; types: readonly UploadType[] }): Promise<UploadedFile> {
  if (!req.isMultipart()) throw new AppError('upload_missing');
  const part = await req.file({ limits: { fileSize: o.maxBytes, files: 1 } });
  if (!part) throw new AppError('upload_missing');
  let content: Buffer;
  try {
    content = await part.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || part.file.truncated)
      throw new AppError('upload_too_large', { params: { max: sizeLabel(o.maxBytes) }, details: { maxBytes: o.maxBytes } });
    throw e;
  }
  if (content.length > o.maxBytes)
    throw new AppError('upload_too_large', { params: { max: sizeLabel(o.maxBytes) }, details: { maxBytes: o.maxBytes } });
  if (content.length === 0) throw new AppError('upload_missing');
  const type = sniffType(content);
  if (type === null || !o.types.includes(type))
    throw new AppError('upload_type_not_allowed', { params: { types: typesLabel(o.types) }, details: { types: o.types, found: type } });
  return { fileName: safeFileName(part.filename, type), content, type };
}

/**
 * The name a file is stored and shown under: the last path segment (browsers on Windows send
 * C:\fakepath\…), without the characters a name may not hold (`isSafeName`: control, bidi, zero-width, BOM,
 * lone surrogates), at most 200 characters; a name left empty becomes `upload.<type>`.
 */
export function safeFileName(raw: string | undefined, type: UploadType): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let out = '';
  for (const ch of base) if (isSafeName(ch)) out += ch;
  out = out.trim().slice(0, 200);
  return out.length > 0 ? out : `upload.${type === 'jpeg' ? 'jpg' : type}`;
}
