import { createRequire } from 'node:module';
import type * as ExcelJSTypes from 'exceljs';

/**
 * The one way to load ExcelJS in this project. ExcelJS 4.4's SAX helper decodes every compressed chunk on
 * its own (`TextDecoder.decode(chunk)` without `stream: true`), so a multi-byte character split across two
 * chunks turns into U+FFFD ("��表") — silently corrupting Chinese cells in the streaming reader and in
 * `xlsx.load()`. Before ExcelJS is first required we install a fixed copy of that helper in the module
 * cache; a test forbids importing 'exceljs' anywhere else, so no code path can load the unfixed one.
 */
const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax');
const exceljsPath = require.resolve('exceljs');
if (require.cache[exceljsPath] && !(require.cache[parseSaxPath]?.exports as { fixed?: boolean } | undefined)?.fixed) {
  throw new Error('exceljs was loaded before packages/server/src/lib/sheets/exceljs.ts installed its UTF-8 fix');
}

const { SaxesParser } = require('saxes') as { SaxesParser: new () => SaxParser };
const { PassThrough } = require('readable-stream') as { PassThrough: new () => NodeJS.ReadWriteStream };
interface SaxParser {
  on(event: string, cb: (v: unknown) => void): void;
  write(s: string): void;
}
type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

async function* parseSax(input: AsyncIterable<Buffer | string> & { pipe?: unknown }): AsyncGenerator<SaxEvent[]> {
  let iterable = input;
  if (typeof input.pipe === 'function' && !(Symbol.asyncIterator in input)) {
    iterable = (input as unknown as NodeJS.ReadableStream).pipe(new PassThrough()) as unknown as typeof input;
  }
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: unknown;
  parser.on('error', (err) => {
    error = err;
  });
  let events: SaxEvent[] = [];
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}
(parseSax as unknown as { fixed: boolean }).fixed = true;

if (!require.cache[parseSaxPath]) {
  const Module = require('node:module') as { Module: new (id: string) => NodeJS.Module };
  const m = new Module.Module(parseSaxPath);
  m.filename = parseSaxPath;
  m.loaded = true;
  m.exports = parseSax;
  require.cache[parseSaxPath] = m;
}

const ExcelJS = require('exceljs') as typeof ExcelJSTypes;

/** ExcelJS's streaming worksheet reader, driven directly (see xlsx.ts: no unzip stream, no temp files). */
export interface WorksheetReaderLike extends AsyncIterable<ExcelJSTypes.Row> {}
export interface StyleManagerLike {
  parseStream(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): Promise<unknown>;
}
export const WorksheetReader = require('exceljs/lib/stream/xlsx/worksheet-reader') as new (o: {
  workbook: { sharedStrings: unknown[]; styles: StyleManagerLike; properties: { model: { date1904: boolean } } };
  id: number;
  iterator: AsyncIterable<Buffer>;
  options: Record<string, string>;
}) => WorksheetReaderLike;
export const StyleManager = require('exceljs/lib/xlsx/xform/style/styles-xform') as (new () => StyleManagerLike) & {
  /** Answers every style id with no format (a workbook without xl/styles.xml). */
  Mock: new () => StyleManagerLike;
};
// Types under the same name, so `ExcelJS.Workbook` works as a type as with `import ExcelJS from 'exceljs'`.
declare namespace ExcelJS {
  type Workbook = ExcelJSTypes.Workbook;
  type Worksheet = ExcelJSTypes.Worksheet;
  type Row = ExcelJSTypes.Row;
  type Cell = ExcelJSTypes.Cell;
  type CellValue = ExcelJSTypes.CellValue;
  type CellFormulaValue = ExcelJSTypes.CellFormulaValue;
}
export default ExcelJS;
