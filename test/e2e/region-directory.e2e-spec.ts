import type { AuthUser } from '../../src/common/auth/auth-user';
import { AppError } from '../../src/common/errors/app-error';
import { AllocationsService } from '../../src/modules/allocations/allocations.service';
import { RegionDirectoryService } from '../../src/modules/regions/region-directory.service';
import { importKabkota } from '../helpers/regions';
import { createTestApp, TestApp } from '../helpers/test-app';
import { insertUser } from '../helpers/users';

const YEAR = new Date().getFullYear();

describe('region directory and allocations by kelurahan (the admin pages read side)', () => {
  let t: TestApp;
  let dir: RegionDirectoryService;
  let national: AuthUser;
  let malang: AuthUser;
  let kediri: AuthUser;
  let camat: AuthUser;

  const actor = async (role: AuthUser['role'], regionCode: string | null): Promise<AuthUser> => {
    const u = await insertUser(t.db, role, regionCode);
    return { id: u.id, username: u.username, fullName: u.username, role, regionCode };
  };
  const code404 = (p: Promise<unknown>) =>
    expect(p).rejects.toMatchObject({ status: 404, code: 'REGION_NOT_FOUND' } satisfies Partial<AppError>);

  beforeAll(async () => {
    t = await createTestApp();
    await importKabkota(t, '35.73', '35.71');
    dir = t.app.get(RegionDirectoryService);
    national = await actor('admin', null);
    malang = await actor('admin', '35.73');
    kediri = await actor('admin', '35.71');
    camat = await actor('camat', '35.73.01');
  });
  afterAll(() => t.close());

  it('counts the regions in scope by level', async () => {
    expect(await dir.counts(malang)).toEqual({ provinsi: 0, kabkota: 1, kecamatan: 5, kelurahan: 57 });
    expect(await dir.counts(national)).toEqual({ provinsi: 1, kabkota: 2, kecamatan: 8, kelurahan: 57 + 46 });
    expect(await dir.counts(camat)).toEqual({ provinsi: 0, kabkota: 0, kecamatan: 1, kelurahan: 11 });
  });

  it('lists a subtree in code order, each kecamatan followed by its kelurahan, only inside the scope', async () => {
    const tree = await dir.subtree(malang, null, ['kabkota', 'kecamatan']);
    expect(tree.map((r) => r.code)).toEqual(['35.73', '35.73.01', '35.73.02', '35.73.03', '35.73.04', '35.73.05']);
    expect(tree[0]).toEqual({ code: '35.73', name: 'Kota Malang', level: 'kabkota' });
    const blimbing = await dir.subtree(national, '35.73.01', ['kecamatan', 'kelurahan']);
    expect(blimbing[0]).toMatchObject({ code: '35.73.01', level: 'kecamatan' });
    expect(blimbing.slice(1).every((r) => r.level === 'kelurahan' && r.code.startsWith('35.73.01.'))).toBe(true);
    expect(blimbing).toHaveLength(12);
    const kabkota = await dir.subtree(national, null, ['kabkota']);
    expect(kabkota.map((r) => r.code)).toEqual(['35.71', '35.73']);
  });

  it('answers an out-of-scope, unknown or malformed root like a missing one', async () => {
    await code404(dir.subtree(kediri, '35.73.01', ['kelurahan']));
    await code404(dir.subtree(national, '35.99', ['kelurahan']));
    await code404(dir.subtree(national, 'abc', ['kelurahan']));
    await code404(dir.kelurahan(kediri, '35.73', { page: 1, pageSize: 10 }));
  });

  it('names codes for labelling rows, leaving unknown ones out', async () => {
    const names = await dir.names(['35.73', '35.73.01.1001', '35.99', '35.73']);
    expect([...names.entries()]).toEqual(expect.arrayContaining([['35.73', 'Kota Malang'], ['35.73.01.1001', 'Balearjosari']]));
    expect(names.size).toBe(2);
    expect((await dir.names([])).size).toBe(0);
  });

  it('pages the kelurahan under a region with their kecamatan', async () => {
    const first = await dir.kelurahan(malang, null, { page: 1, pageSize: 20 });
    expect(first.total).toBe(57);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]).toEqual({ code: '35.73.01.1001', name: 'Balearjosari', kecamatanCode: '35.73.01', kecamatanName: 'Blimbing' });
    const last = await dir.kelurahan(malang, null, { page: 3, pageSize: 20 });
    expect(last.items).toHaveLength(17);
    const all = [...first.items, ...(await dir.kelurahan(malang, null, { page: 2, pageSize: 20 })).items, ...last.items];
    expect(new Set(all.map((k) => k.code)).size).toBe(57);
    const inKec = await dir.kelurahan(malang, '35.73.02', { page: 1, pageSize: 50 });
    expect(inKec.items.every((k) => k.kecamatanCode === '35.73.02')).toBe(true);
  });

  it('finds the allocations of a page of kelurahan, leaving out those without one and those out of scope', async () => {
    const allocations = t.app.get(AllocationsService);
    await allocations.set(malang, String(YEAR), '35.73.01.1001', { amount: 1_000_000_000 });
    await allocations.set(national, String(YEAR), '35.71.01.1001', { amount: 750_000_000, source: 'APBD' });
    const found = await allocations.forKelurahan(malang, YEAR, ['35.73.01.1001', '35.73.01.1002', '35.71.01.1001']);
    expect([...found.keys()]).toEqual(['35.73.01.1001']);
    expect(found.get('35.73.01.1001')).toMatchObject({ amount: 1_000_000_000, source: 'APBD', kelurahanName: 'Balearjosari' });
    expect((await allocations.forKelurahan(national, YEAR, ['35.71.01.1001'])).get('35.71.01.1001')?.amount).toBe(750_000_000);
    expect((await allocations.forKelurahan(malang, YEAR, [])).size).toBe(0);
  });
});
