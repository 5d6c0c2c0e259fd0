import type { EvidenceDto, EvidenceListDto } from '../../modules/evidence/evidence.dto';
import { evidenceView, sizeLabel } from './evidence-view';

const file = (id: string, over: Partial<EvidenceDto> = {}): EvidenceDto => ({
  id, spendingEntryId: 'p1', kind: 'KUITANSI', fileName: `${id}.jpg`, mediaType: 'image/jpeg', byteSize: 2048, sha256: id.repeat(4),
  hasThumbnail: true, supersedesId: null, supersedeReason: null, supersededById: null, uploadedAt: '2026-03-02T03:04:05.000Z', uploadedBy: 'u1', ...over,
});

describe('evidence page view', () => {
  it('writes sizes as a person reads them', () => {
    expect(sizeLabel(512)).toBe('512 B');
    expect(sizeLabel(1000)).toBe('1000 B');
    expect(sizeLabel(1024)).toBe('1 KB');
    expect(sizeLabel(1536 * 1024)).toBe('1,5 MB');
    expect(sizeLabel(10 * 1024 * 1024)).toBe('10 MB');
  });

  it('splits files in force from those replaced, linking each replacement both ways, with the uploader and the time in WIB', () => {
    const list: EvidenceListDto = {
      items: [
        file('a', { supersededById: 'b' }),
        file('b', { supersedesId: 'a', supersedeReason: 'terpotong', uploadedAt: '2026-03-03T10:00:00.000Z' }),
        file('c', { kind: 'FOTO_100', mediaType: 'application/pdf', hasThumbnail: false, uploadedBy: 'u2' }),
      ],
      total: 3,
      required: [{ kind: 'KUITANSI', note: '', present: true }, { kind: 'BAST', note: 'di atas Rp 10 juta', present: false }],
      missing: ['BAST'],
      complete: false,
    };
    const v = evidenceView(list, new Map([['u1', { id: 'u1', username: 'rina', fullName: 'Rina Kartika' }]]));
    expect(v.current.map((i) => i.id)).toEqual(['b', 'c']);
    expect(v.replaced.map((i) => i.id)).toEqual(['a']);
    expect(v.current[0].replaces).toEqual({ fileName: 'a.jpg', reason: 'terpotong' });
    expect(v.replaced[0].replacedBy).toEqual({ id: 'b', fileName: 'b.jpg', uploadedAt: '3 Maret 2026 17.00.00 WIB' });
    expect(v.current[0].uploadedBy).toBe('Rina Kartika');
    expect(v.current[1].uploadedBy).toBe('–');
    expect(v.current[1]).toMatchObject({ kindLabel: 'Foto 100 %', isImage: false, sizeLabel: '2 KB' });
    expect(v.replaced[0].uploadedAt).toBe('2 Maret 2026 10.04.05 WIB');
    expect(v.required.map((r) => [r.label, r.present])).toEqual([['Kuitansi', true], ['Berita acara serah terima', false]]);
    expect(v.missingLabels).toEqual(['Berita acara serah terima']);
  });
});
