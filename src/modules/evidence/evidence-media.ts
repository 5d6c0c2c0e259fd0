import sharp from 'sharp';

export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

const EXTENSIONS: Record<EvidenceMediaType, string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jfif'],
  'image/png': ['png'],
  'application/pdf': ['pdf'],
};

// file-type ships as ESM only; loaded once, on first use.
type FileTypeModule = { fileTypeFromBuffer(b: Uint8Array): Promise<{ ext: string; mime: string } | undefined> };
let fileType: Promise<FileTypeModule> | undefined;
const loadFileType = () => (fileType ??= import('file-type') as unknown as Promise<FileTypeModule>);

/** The media type read from the bytes themselves (magic numbers), or null when it is none we accept. */
export async function sniffMediaType(bytes: Buffer): Promise<{ detected: string | null; mediaType: EvidenceMediaType | null }> {
  const found = await (await loadFileType()).fileTypeFromBuffer(bytes);
  const mime = found?.mime ?? null;
  return { detected: mime, mediaType: (EVIDENCE_MEDIA_TYPES as readonly string[]).includes(mime ?? '') ? (mime as EvidenceMediaType) : null };
}

/** Whether a file name's extension agrees with the content (a name without extension agrees with anything). */
export function nameMatches(filename: string, mediaType: EvidenceMediaType): boolean {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename.trim());
  if (!m) return true;
  return EXTENSIONS[mediaType].includes(m[1].toLowerCase());
}

export const THUMBNAIL_SIZE = 320;

/** A JPEG at most 320 px on its longer side, upright by its EXIF orientation; null for a PDF. */
export async function makeThumbnail(bytes: Buffer, mediaType: EvidenceMediaType): Promise<Buffer | null> {
  if (mediaType === 'application/pdf') return null;
  return sharp(bytes, { limitInputPixels: 100_000_000 })
    .rotate()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 75 })
    .toBuffer();
}
