/** Extracts plain text (plus any title and groups it declares) from an uploaded original, by media type. */
import { extractText } from 'unpdf';
import { UnprocessableError, UnsupportedMediaTypeError } from '../errors';
import { splitFrontMatter } from './front-matter';
import { htmlToText } from './html-to-text';
import { assertUsableText } from './text-quality';

export const MEDIA_TYPES = {
  md: 'text/markdown',
  txt: 'text/plain',
  html: 'text/html',
  pdf: 'application/pdf',
} as const;
export const MAX_TEXT_CHARS = 2_000_000;

export type MediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];

/** Resolves the media type from the file name's extension; the browser's declared type is not trusted. */
export function mediaTypeFor(fileName: string): MediaType {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const aliases: Record<string, MediaType> = { markdown: MEDIA_TYPES.md, htm: MEDIA_TYPES.html, text: MEDIA_TYPES.txt };
  const type = (MEDIA_TYPES as Record<string, MediaType>)[ext] ?? aliases[ext];
  if (!type) throw new UnsupportedMediaTypeError(`Unsupported file type ".${ext}". Upload .md, .txt, .html or .pdf.`);
  return type;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UnprocessableError('The file is not valid UTF-8 text.');
  }
}

export interface Extracted {
  text: string;
  title?: string;
  groups?: string[];
}

export async function extractDocumentText(bytes: Uint8Array, mediaType: MediaType): Promise<Extracted> {
  let out: Extracted;
  switch (mediaType) {
    case MEDIA_TYPES.md: {
      const { meta, body } = splitFrontMatter(decodeUtf8(bytes));
      out = { text: body.replace(/\r\n?/g, '\n'), title: meta.title ?? /^#\s+(.+)$/m.exec(body)?.[1]?.trim(), groups: meta.groups };
      break;
    }
    case MEDIA_TYPES.txt:
      out = { text: decodeUtf8(bytes).replace(/\r\n?/g, '\n') };
      break;
    case MEDIA_TYPES.html:
      out = htmlToText(decodeUtf8(bytes));
      break;
    case MEDIA_TYPES.pdf: {
      let text: string;
      try {
        text = (await extractText(new Uint8Array(bytes), { mergePages: true })).text;
      } catch (err) {
        throw new UnprocessableError(`The PDF could not be read: ${err instanceof Error ? err.message : String(err)}`);
      }
      out = { text: text.replace(/\r\n?/g, '\n') };
      break;
    }
  }
  // A small file can still decompress into a huge text layer (PDF streams); refuse it before chunking.
  if (out.text.length > MAX_TEXT_CHARS) {
    throw new UnprocessableError(`The document's text is ${out.text.length} characters; the limit is ${MAX_TEXT_CHARS}.`);
  }
  assertUsableText(out.text);
  return out;
}
