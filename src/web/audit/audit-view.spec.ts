import type { AuditEventDto } from '../../modules/audit/audit.dto';
import { CONSISTENCY_CHECKS, FACT_SOURCES } from '../../modules/audit/verification-registry';
import { auditCsv, checkedLabel, EXPORT_HEADER, eventChanges, flatten, periodText, showValue } from './audit-view';

describe('audit view', () => {
  it('lists only the changed fields of an update, money as rupiah', () => {
    const c = eventChanges(
      { amount: 500_000_000, source: 'APBD', note: null, sources: [{ source: 'APBD', amount: 500_000_000 }] },
      { amount: 650_000_000, source: 'APBD', note: 'revisi', sources: [{ source: 'APBD', amount: 650_000_000 }], year: 2026 },
    );
    expect(c.kind).toBe('update');
    expect(c.unchanged).toBe(2);
    expect(c.rows).toEqual([
      { field: 'amount', label: 'Jumlah', before: 'Rp 500.000.000', after: 'Rp 650.000.000', money: true },
      { field: 'note', label: 'Keterangan', before: '–', after: 'revisi', money: false },
      { field: 'sources[0].amount', label: 'Jumlah (sources[0].amount)', before: 'Rp 500.000.000', after: 'Rp 650.000.000', money: true },
      { field: 'year', label: 'Tahun', before: '–', after: '2026', money: false },
    ]);
  });

  it('lists every field of a creation and of a deletion; nothing when neither side is there', () => {
    expect(eventChanges(null, { status: 'draft', unitPrice: '25000' })).toEqual({
      kind: 'create',
      unchanged: 0,
      rows: [
        { field: 'status', label: 'Status', before: '–', after: 'draft', money: false },
        { field: 'unitPrice', label: 'Harga satuan', before: '–', after: 'Rp 25.000', money: true },
      ],
    });
    expect(eventChanges({ volume: 2 }, null)).toMatchObject({ kind: 'delete', rows: [{ field: 'volume', before: '2', after: '–' }] });
    expect(eventChanges(null, null)).toEqual({ kind: 'none', rows: [], unchanged: 0 });
    expect(eventChanges({ status: 'draft' }, { status: 'draft' })).toEqual({ kind: 'update', rows: [], unchanged: 1 });
  });

  it('reads values as a person would', () => {
    expect(showValue('active', true)).toBe('Ya');
    expect(showValue('amount', -12_500_000)).toBe('-Rp 12.500.000');
    expect(showValue('amount', '1.5')).toBe('1.5'); // not whole rupiah: shown as stored
    expect(showValue('evidenceNo', 'KW-1')).toBe('KW-1');
    expect(showValue('taxes', [])).toBe('[]');
    expect([...flatten({ a: { b: 1 }, t: [{ x: 2 }], e: {} })]).toEqual([['a.b', 1], ['t[0].x', 2], ['e', {}]]);
    expect(periodText({ year: 2026, period: 'Q2' })).toBe('Triwulan II Tahun Anggaran 2026');
    expect(periodText({ year: 2026, period: null })).toBe('Tahun Anggaran 2026');
  });

  it('writes CSV for Indonesian Excel: BOM, semicolons, CRLF, formulas defused', () => {
    const e: AuditEventDto = {
      partition: '35.73', seq: 7, at: '2026-12-01T03:04:05.000Z', actorId: null, actor: 'sistem', role: null, action: 'allocation.update',
      entity: 'allocation', entityId: 'a-1', regionCode: '35.73.01.1001', before: { amount: 1 }, after: { amount: 2 }, reason: '=SUM(A1); hapus', prevHash: 'p', hash: 'h',
    };
    const text = auditCsv([e]).toString('utf8');
    expect(text.startsWith('\uFEFF' + EXPORT_HEADER.join(';') + '\r\n')).toBe(true);
    expect(text.split('\r\n')[1]).toBe(
      '1 Desember 2026 10.04.05 WIB;2026-12-01T03:04:05.000Z;35.73;7;sistem;;allocation.update;Pagu diubah;allocation;a-1;35.73.01.1001;' +
        `"'=SUM(A1); hapus";"{""amount"":1}";"{""amount"":2}";h`,
    );
  });
});

describe('verification labels', () => {
  it('names every registered fact table and consistency check in words, with its code beside', () => {
    const names = [...FACT_SOURCES.map((s) => s.table), ...CONSISTENCY_CHECKS.map((c) => c.name)];
    for (const name of names) expect(checkedLabel(name)).toMatch(new RegExp(`^[A-Z].* \\(${name}\\)$`));
    expect(checkedLabel('book_period_event')).toBe('Tutup dan buka kembali buku bulanan (book_period_event)');
  });
});
