/**
 * The small pieces every Excel route and workbook reader shares (the archive's and the parts
 * catalogue's import, export and count sheets): the content type, the download headers, the
 * uploaded file body, reading a workbook and a cell's text. No business rules.
 */
import ExcelJS from 'exceljs';
import { AppError } from './errors';

/** The .xlsx content type (downloads and uploaded bodies). */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Marks a reply as an .xlsx download named `name` (UTF-8, so Chinese file names survive). */
export function sendWorkbook(reply: { header: (name: string, value: string) => unknown; type: (value: string) => unknown }, name: string): void {
  reply.type(XLSX_CONTENT_TYPE);
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
}

/** The uploaded .xlsx file (the raw body); a 400 naming `file` when there is none. */
export function requireFileBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new AppError('validation_error', `Send the .xlsx file as the body with Content-Type ${XLSX_CONTENT_TYPE}`, { details: [{ path: ['file'], message: 'missing' }] });
  }
  return body;
}

/** A cell's value as trimmed text: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value).trim();
}

/** Reads an uploaded workbook; a 400 naming `file` when it is not a valid .xlsx. */
export async function loadWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('validation_error', 'The file is not a valid .xlsx workbook', { details: [{ path: ['file'], message: 'not a valid .xlsx workbook' }] });
  }
  return workbook;
}
