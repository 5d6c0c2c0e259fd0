import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBooksSettings, requiredEvidence } from './books-settings';

describe('books settings', () => {
  it('defaults to flagging an overdraft; Kota Batu refuses it; Kota Malang keeps the default', () => {
    expect(loadBooksSettings('35.73.01.1001').cash.overdraft).toBe('flag');
    expect(loadBooksSettings('35.79.01.1001').cash.overdraft).toBe('refuse');
    expect(loadBooksSettings('35.79').evidence.maxBytes).toBe(10 * 1024 * 1024);
  });

  it('refuses a malformed override with the file named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'books-tpl-'));
    fs.mkdirSync(path.join(dir, 'default'));
    fs.mkdirSync(path.join(dir, '35.73'));
    fs.copyFileSync(path.join(__dirname, '../../../templates/default/books.json'), path.join(dir, 'default', 'books.json'));
    fs.writeFileSync(path.join(dir, '35.73', 'books.json'), JSON.stringify({ cash: { overdraft: 'maybe' } }));
    expect(() => loadBooksSettings('35.73.01.1001', dir)).toThrow(/35\.73.*books\.json.*overdraft/);
    fs.writeFileSync(path.join(dir, '35.73', 'books.json'), JSON.stringify({ evidence: { checklist: [{ accountPrefix: '5.1', minAmount: 0, requires: ['SELFIE'] }] } }));
    expect(() => loadBooksSettings('35.73.02.1001', dir)).toThrow(/checklist\[0\]/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('requiredEvidence', () => {
  const rules = loadBooksSettings('35.73.01.1001').evidence.checklist;
  const kinds = (code: string, amount: number) => requiredEvidence(rules, code, amount).map((i) => i.kind);

  it('by kode rekening prefix (on dot boundaries) and amount tier', () => {
    expect(kinds('5.1.02.01.01.0052', 500_000)).toEqual(['KUITANSI', 'NOTA', 'DAFTAR_HADIR']);
    expect(kinds('5.1.02.01.01.0024', 500_000)).toEqual(['KUITANSI', 'NOTA']);
    expect(kinds('5.1.02.01.01.0024', 50_000_000)).toEqual(['KUITANSI', 'NOTA', 'BAST']);
    expect(kinds('5.1.02.01.01.0024', 49_999_999)).toEqual(['KUITANSI', 'NOTA']);
    expect(kinds('5.1.02.02.01.0003', 1_000_000)).toEqual(['KUITANSI', 'DAFTAR_HADIR']);
    expect(kinds('5.2.03.01.01.0001', 10_000_000)).toEqual(['KUITANSI', 'BAST', 'FOTO_0', 'FOTO_50', 'FOTO_100']);
    // "5.2" must not match "5.21…"
    expect(kinds('5.21.01.01', 10_000_000)).toEqual(['KUITANSI']);
  });
});
