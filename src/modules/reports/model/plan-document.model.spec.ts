import { modelFingerprint } from './fingerprint';
import { buildPlanDocumentModel } from './plan-document.model';
import { planInput } from './report.fixtures';

describe('plan document model', () => {
  const model = buildPlanDocumentModel(planInput());

  it('names the plan, its version and status', () => {
    expect(model).toMatchObject({ kind: 'plan', year: 2026, planId: '7', version: 2, status: 'approved' });
    expect(model.titleLines).toEqual([
      'RENCANA KEGIATAN DAN ANGGARAN KELURAHAN',
      'KELURAHAN ORO-ORO DOWO KECAMATAN KLOJEN',
      'TAHUN ANGGARAN 2026',
    ]);
  });

  it('groups lines by sub-kegiatan, sorted by kode rekening', () => {
    expect(model.groups.map((g) => [g.letter, g.subKegiatan.code, g.lines.map((l) => [l.no, l.description])])).toEqual([
      ['A', '7.01.03.2.02.0002', [[1, 'Saluran drainase'], [2, 'Pembangunan jalan paving']]],
      ['B', '7.01.03.2.02.0003', [[1, 'Pelatihan kader PKK']]],
    ]);
    expect(model.groups[0].lines[0]).toMatchObject({ volume: 12.5, unitPrice: 8_000_000, amount: 100_000_000, location: 'RW 02' });
    expect(model.groups[1].lines[0].location).toBeNull();
  });

  it('totals per category and against the pagu', () => {
    expect(model.groups.map((g) => [g.subtotal, g.percentOfAllocation])).toEqual([
      [250_000_000, 62.5],
      [40_000_000, 10],
    ]);
    expect(model.total).toBe(290_000_000);
    expect(model.allocation).toBe(400_000_000);
    expect(model.unplanned).toBe(110_000_000);
    expect(model.percentOfAllocation).toBe(72.5);
    expect(model.totalInWords).toBe('Dua ratus sembilan puluh juta rupiah');
  });

  it('carries the approval stamp data in WIB', () => {
    expect(model.approval).toEqual({
      approvedAt: '2026-02-10T03:00:00.000Z',
      approvedAtLabel: '10 Februari 2026',
      approverName: 'Drs. Bambang Sutrisno, M.Si.',
      approverTitle: 'Camat Klojen',
      approverNipFormatted: '19720515 199803 1 004',
    });
    expect(buildPlanDocumentModel(planInput({ status: 'draft', approval: null })).approval).toBeNull();
  });

  it('shows a plan over the pagu as negative unplanned', () => {
    const m = buildPlanDocumentModel(planInput({ allocation: 200_000_000 }));
    expect(m.unplanned).toBe(-90_000_000);
    expect(m.percentOfAllocation).toBe(145);
  });

  it('turns an empty plan with no pagu into zeros', () => {
    const m = buildPlanDocumentModel(planInput({ lines: [], allocation: 0, approval: null, status: 'draft' }));
    expect(m.groups.map((g) => [g.lines.length, g.subtotal, g.percentOfAllocation])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect([m.total, m.unplanned, m.percentOfAllocation, m.totalInWords]).toEqual([0, 0, 0, 'Nol rupiah']);
  });

  it('refuses a float amount and a bad version', () => {
    const line = planInput().lines[0];
    expect(() => buildPlanDocumentModel(planInput({ lines: [{ ...line, amount: 10.5 }] }))).toThrow(/amount/);
    expect(() => buildPlanDocumentModel(planInput({ version: 0 }))).toThrow(/version/);
  });

  it('fingerprints the figures and the approval, not the registry number', () => {
    expect(model.document.dataSha256).toBe(modelFingerprint(model));
    const renumbered = buildPlanDocumentModel(planInput({ document: { ...planInput().document, documentNumber: 'X' } }));
    expect(renumbered.document.dataSha256).toBe(model.document.dataSha256);
    const unapproved = buildPlanDocumentModel(planInput({ approval: null, status: 'submitted' }));
    expect(unapproved.document.dataSha256).not.toBe(model.document.dataSha256);
  });
});
