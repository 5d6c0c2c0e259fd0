import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../../../common/paths';
import { dejavuFontFiles, HELVETICA_FONTS } from './fonts';
import { clearReportTemplateCache, deepMerge, fillTemplate, loadReportTemplate } from './report-template';

describe('report templates', () => {
  const dirs: string[] = [];
  const tempTemplates = (overrides: Record<string, unknown>): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-templates-'));
    dirs.push(dir);
    fs.cpSync(path.join(PROJECT_ROOT, 'templates', 'default'), path.join(dir, 'default'), { recursive: true });
    for (const [folder, json] of Object.entries(overrides)) {
      fs.mkdirSync(path.join(dir, folder));
      fs.writeFileSync(path.join(dir, folder, 'report.json'), typeof json === 'string' ? json : JSON.stringify(json));
    }
    return dir;
  };
  afterEach(() => clearReportTemplateCache());
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('merges the Kota Malang override over the default', () => {
    const t = loadReportTemplate('35.73');
    expect(t.kop.lines[0].text).toBe('PEMERINTAH KOTA MALANG');
    expect(t.kop.address).toBe('Jl. Tugu No. 1 Malang');
    // Keys the override does not name come from the default.
    expect(t.titles.realisasi[0]).toBe('LAPORAN REALISASI PENGGUNAAN DANA KELURAHAN');
    expect(t.signatures.blocks.kelurahan.camat).toMatchObject({ roleLabel: 'Mengetahui,', title: 'Camat {KECAMATAN}' });
    expect(t.sources.map((s) => path.basename(s))).toEqual(['default', '35.73']);
    expect(t.fontFiles).toEqual(dejavuFontFiles());
    // The kecamatan's own office address, the kop logo (a placeholder) and the kab/kota signatory come from 35.73.
    expect(t.kop.addresses['35.73.02']).toBe('Jl. Surabaya No. 6, Klojen, Malang 65115');
    expect(t.logoPath).toBe(path.join(t.sources[1], 'logo.png'));
    expect(t.signatories['35.73'].kabkota).toMatchObject({ name: 'Dra. Retno Wulandari, M.AP', nip: '197103121996032003' });
  });

  it('falls back to the default alone for a kab/kota without a folder, and for no code', () => {
    expect(loadReportTemplate('35.07').kop.lines[0].text).toBe('PEMERINTAH {KABKOTA_UPPER}');
    expect(loadReportTemplate(null).sources).toHaveLength(1);
  });

  it('caches per code', () => {
    expect(loadReportTemplate('35.73')).toBe(loadReportTemplate('35.73'));
    expect(Object.isFrozen(loadReportTemplate('35.73').kop)).toBe(true);
  });

  it('refuses a code that is not a province or kab/kota code (it becomes a path)', () => {
    expect(() => loadReportTemplate('../etc')).toThrow(RangeError);
    expect(() => loadReportTemplate('35.73.02')).toThrow(RangeError);
  });

  it('layers default, province and kab/kota folders; arrays are replaced, not merged', () => {
    const dir = tempTemplates({
      '35': { titles: { plan: ['RKA PROVINSI'] }, footer: { page: 'Hal. {PAGE}/{PAGES}' } },
      '35.73': { titles: { plan: ['RKA KOTA', '{REGION_TITLE}'] }, font: 'helvetica' },
    });
    const t = loadReportTemplate('35.73', { templatesDir: dir });
    expect(t.titles.plan).toEqual(['RKA KOTA', '{REGION_TITLE}']);
    expect(t.footer.page).toBe('Hal. {PAGE}/{PAGES}');
    expect(t.fontFiles).toEqual(HELVETICA_FONTS);
  });

  it('finds a logo in the most specific folder', () => {
    const dir = tempTemplates({ '35.73': {} });
    fs.writeFileSync(path.join(dir, '35.73', 'logo.png'), 'not really a png');
    expect(loadReportTemplate('35.73', { templatesDir: dir }).logoPath).toBe(path.join(dir, '35.73', 'logo.png'));
  });

  it('names the file when an override is broken', () => {
    const bad = tempTemplates({ '35.73': '{ "kop": ' });
    expect(() => loadReportTemplate('35.73', { templatesDir: bad })).toThrow(/35\.73\/report\.json is not valid JSON/);
    const wrong = tempTemplates({ '35.73': { titles: { realisasi: 'LAPORAN' } } });
    expect(() => loadReportTemplate('35.73', { templatesDir: wrong })).toThrow(/titles\.realisasi must be an array/);
  });

  it('fills placeholders and drops a line whose value is missing', () => {
    const vars = { KECAMATAN: 'Klojen', KELURAHAN: null };
    expect(fillTemplate('Camat {KECAMATAN}', vars)).toBe('Camat Klojen');
    expect(fillTemplate('Lurah {KELURAHAN}', vars)).toBeNull();
    expect(fillTemplate('Kepala {TYPO}', vars)).toBe('Kepala {TYPO}');
  });

  it('deep-merges objects only', () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 });
  });
});
