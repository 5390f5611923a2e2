import { fileTypeFromBuffer } from 'file-type';

/**
 * What a caseworker may upload, decided from the content's own signature (magic bytes), never from the file name
 * or the browser's Content-Type: PDF, Word (.docx, and the older .doc container), and images.
 */
const ALLOWED: Record<string, { mediaType: string; extension: string }> = {
  'application/pdf': { mediaType: 'application/pdf', extension: 'pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  // Word 97-2003 files are OLE compound files; file-type names the container, not the application.
  'application/x-cfb': { mediaType: 'application/msword', extension: 'doc' },
  'image/png': { mediaType: 'image/png', extension: 'png' },
  'image/jpeg': { mediaType: 'image/jpeg', extension: 'jpg' },
  'image/gif': { mediaType: 'image/gif', extension: 'gif' },
  'image/webp': { mediaType: 'image/webp', extension: 'webp' },
  'image/tiff': { mediaType: 'image/tiff', extension: 'tif' },
};

export const ALLOWED_DESCRIPTION = 'a PDF, a Word document (.docx or .doc) or an image (PNG, JPEG, GIF, WebP, TIFF)';

/** The media type of a file from its first bytes, or null when it is not one we accept. */
export async function detectDocumentType(head: Uint8Array): Promise<{ mediaType: string; extension: string } | null> {
  const found = await fileTypeFromBuffer(head);
  return found ? (ALLOWED[found.mime] ?? null) : null;
}

export const extensionOf = (mediaType: string): string =>
  Object.values(ALLOWED).find((a) => a.mediaType === mediaType)?.extension ?? 'bin';

export { EVIDENCE_FOR } from '@ehc/contracts';
