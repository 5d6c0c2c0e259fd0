import sharp from 'sharp';
import { makeThumbnail, nameMatches, sniffMediaType } from './evidence-media';

const png = () => sharp({ create: { width: 800, height: 400, channels: 3, background: '#3060a0' } }).png().toBuffer();
const jpeg = () => sharp({ create: { width: 100, height: 300, channels: 3, background: '#a06030' } }).jpeg().toBuffer();
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('evidence media', () => {
  it('reads the type from the content, not the name', async () => {
    expect(await sniffMediaType(await png())).toEqual({ detected: 'image/png', mediaType: 'image/png' });
    expect(await sniffMediaType(await jpeg())).toEqual({ detected: 'image/jpeg', mediaType: 'image/jpeg' });
    expect(await sniffMediaType(pdf)).toEqual({ detected: 'application/pdf', mediaType: 'application/pdf' });
    expect(await sniffMediaType(Buffer.from('just some text pretending to be a PDF'))).toEqual({ detected: null, mediaType: null });
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    expect(await sniffMediaType(gif)).toEqual({ detected: 'image/gif', mediaType: null });
  });

  it('checks the name against the content', () => {
    expect(nameMatches('kuitansi.PDF', 'application/pdf')).toBe(true);
    expect(nameMatches('foto.jpeg', 'image/jpeg')).toBe(true);
    expect(nameMatches('foto.jpg', 'image/png')).toBe(false);
    expect(nameMatches('nota.pdf', 'image/jpeg')).toBe(false);
    expect(nameMatches('scan', 'image/png')).toBe(true);
  });

  it('makes a JPEG thumbnail inside 320 px for images and none for a PDF', async () => {
    const t = await makeThumbnail(await png(), 'image/png');
    const meta = await sharp(t!).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 160]);
    const small = await makeThumbnail(await jpeg(), 'image/jpeg');
    expect(await sharp(small!).metadata()).toMatchObject({ width: 100, height: 300 });
    expect(await makeThumbnail(pdf, 'application/pdf')).toBeNull();
  });
});
