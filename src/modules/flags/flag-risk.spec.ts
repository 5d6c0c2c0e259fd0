import { closePart, evidencePart, rankRisk } from './flag-risk';
import { loadFlagsConfig } from './flags-config';

const risk = loadFlagsConfig(null).risk;
const K = (n: number) => `35.73.01.${1000 + n}`;

describe('risk score parts', () => {
  it('missing evidence: points per payment lacking required evidence, capped, with the kinds named', () => {
    expect(evidencePart(undefined, risk)).toMatchObject({ points: 0, available: false });
    expect(evidencePart({ kelurahanCode: K(1), payments: 4, lacking: 0, missingKinds: {}, examples: [] }, risk)).toMatchObject({ points: 0, available: true });
    const p = evidencePart({ kelurahanCode: K(1), payments: 5, lacking: 3, missingKinds: { KUITANSI: 3, NOTA: 2 }, examples: [] }, risk);
    expect(p).toEqual({ part: 'missingEvidence', points: 1.5, available: true, explanation: '3 dari 5 pembayaran tanpa bukti wajib (KUITANSI 3, NOTA 2) × 0,5 = 1,5' });
    const capped = evidencePart({ kelurahanCode: K(1), payments: 40, lacking: 40, missingKinds: { KUITANSI: 40 }, examples: [] }, risk);
    expect(capped.points).toBe(risk.missingEvidenceMax);
    expect(capped.explanation).toContain('dibatasi 10');
  });

  it('late month closes: months still open past the deadline and months closed late, each priced', () => {
    const c = {
      kelurahanCode: K(2), deadlineDay: 10, firstMonth: 3, due: [3, 4, 5],
      notClosed: [{ month: 5, deadline: '2025-06-10' }], closedLate: [{ month: 4, deadline: '2025-05-10', closedOn: '2025-05-20', daysLate: 10 }],
    };
    expect(closePart(c, risk)).toEqual({
      part: 'lateMonthClose', points: 3, available: true,
      explanation: '1 bulan belum ditutup lewat batas (Mei) × 2 + 1 bulan ditutup terlambat (Apr 10 hari) × 1 = 3; batas tutup buku tanggal 10 bulan berikutnya',
    });
    expect(closePart({ ...c, notClosed: [], closedLate: [] }, risk)).toMatchObject({ points: 0, explanation: '3 bulan ditutup tepat waktu (batas tutup buku tanggal 10 bulan berikutnya)' });
  });

  it('the score is the sum of the parts, highest first', () => {
    const rows = rankRisk(new Map([[K(1), 'Satu'], [K(2), 'Dua']]), [{ regionCode: K(1), kind: 'PRICE_OUTLIER' }], [], risk, {
      evidence: new Map([[K(2), { kelurahanCode: K(2), payments: 10, lacking: 8, missingKinds: { NOTA: 8 }, examples: [] }]]),
      closes: new Map(),
    });
    expect(rows.map((r) => [r.kelurahanCode, r.score])).toEqual([[K(2), 4], [K(1), 3]]);
    expect(rows[0].parts.map((p) => [p.part, p.points])).toEqual([['openFlags', 0], ['absorptionLag', 0], ['missingEvidence', 4], ['lateMonthClose', 0]]);
  });
});
