import { DataSource } from 'typeorm';
import type { AuthUser, Role } from '../../common/auth/auth-user';
import type { NewUser, UsersService } from './users.service';

/** One demo account per role in Kota Malang (35.73); the passwords are printed at start-up, so demo only. */
export const DEMO_USERS: ReadonlyArray<NewUser & { role: Role; regionCode: string; nip: string }> = [
  {
    role: 'admin',
    regionCode: '35.73',
    username: 'admin.malang',
    password: 'demo-admin-malang',
    fullName: 'Bambang Sutrisno, S.Sos., M.Si.',
    nip: '197503122000031004',
    rank: 'Penata Tingkat I (III/d)',
    position: 'Kepala Subbagian Pemerintahan Kelurahan, Bagian Pemerintahan Setda Kota Malang',
  },
  {
    role: 'auditor',
    regionCode: '35.73',
    username: 'auditor.malang',
    password: 'demo-auditor-malang',
    fullName: 'Sri Wahyuni, S.E., Ak.',
    nip: '198007152005012003',
    rank: 'Penata (III/c)',
    position: 'Auditor Ahli Muda, Inspektorat Kota Malang',
  },
  {
    role: 'camat',
    regionCode: '35.73.01',
    username: 'camat.blimbing',
    password: 'demo-camat-blimbing',
    fullName: 'Drs. Muhammad Syaifuddin, M.Si.',
    nip: '196909181994031005',
    rank: 'Pembina (IV/a)',
    position: 'Camat Blimbing',
  },
  {
    role: 'lurah',
    regionCode: '35.73.01.1001',
    username: 'lurah.balearjosari',
    password: 'demo-lurah-balearjosari',
    fullName: 'Dewi Kartikasari, S.STP., M.AP.',
    nip: '198504172008012002',
    rank: 'Penata Tingkat I (III/d)',
    position: 'Lurah Balearjosari',
  },
  {
    role: 'bendahara',
    regionCode: '35.73.01.1001',
    username: 'bendahara.balearjosari',
    password: 'demo-bendahara-balearjosari',
    fullName: 'Rudi Hartono, A.Md.',
    nip: '199102052015031001',
    rank: 'Penata Muda Tingkat I (III/b)',
    position: 'Bendahara Pengeluaran Pembantu Kelurahan Balearjosari',
  },
];

export interface DemoUsers {
  /** For the start-up banner (DemoSeedResult.logins). */
  logins: Array<{ username: string; password: string; role: Role; regionCode: string; fullName: string }>;
  /** The demo accounts as actors, for later seed steps (plans as the lurah, approval as the camat, …). */
  byRole: Record<Role, AuthUser>;
}

/** Creates the demo users through UsersService (one audited transaction each); run after the regions import. */
export async function seedDemoUsers(users: UsersService): Promise<DemoUsers> {
  const byRole = {} as Record<Role, AuthUser>;
  const logins: DemoUsers['logins'] = [];
  for (const u of DEMO_USERS) {
    const created = await users.create(null, u);
    byRole[u.role] = { id: created.id, username: created.username, fullName: created.fullName, role: u.role, regionCode: u.regionCode };
    logins.push({ username: u.username, password: u.password, role: u.role, regionCode: u.regionCode, fullName: u.fullName });
  }
  return { logins, byRole };
}

/** The demo accounts already in the database, by role (for seed steps that run separately). */
export async function loadDemoUsers(db: DataSource): Promise<Record<Role, AuthUser>> {
  const rows: Array<{ id: string; username: string; full_name: string; role: Role; region_code: string }> = await db.query(
    'SELECT id, username, full_name, role, region_code FROM app_user WHERE username = ANY($1)',
    [DEMO_USERS.map((u) => u.username)],
  );
  const byRole = {} as Record<Role, AuthUser>;
  for (const r of rows) byRole[r.role] = { id: r.id, username: r.username, fullName: r.full_name, role: r.role, regionCode: r.region_code };
  return byRole;
}

/** A lurah whose kelurahan has its pagu and no plan yet, so a newcomer to the demo can create one from the start. */
export const DEMO_FRESH_LURAH: NewUser & { role: Role; regionCode: string } = {
  role: 'lurah',
  regionCode: '35.73.01.1003',
  username: 'lurah.polowijen',
  password: 'demo-lurah-polowijen',
  fullName: 'Sri Wahyuni, S.Sos.',
  nip: '198903142012012004',
  rank: 'Penata (III/c)',
  position: 'Lurah Polowijen',
};

export async function seedFreshLurah(users: UsersService, admin: AuthUser): Promise<DemoUsers['logins'][number]> {
  const u = DEMO_FRESH_LURAH;
  await users.create(admin, u);
  return { username: u.username, password: u.password, role: u.role, regionCode: u.regionCode, fullName: `${u.fullName} (belum ada rencana: coba buat di sini)` };
}
