/**
 * Whole request and answer examples per operation (by operation id, `Controller_method`), with the data of a
 * real kelurahan: Balearjosari, Kecamatan Blimbing, Kota Malang. The document builder puts them on the operation;
 * Redocly's lint checks each against its schema, and the document test fails on an id no operation has.
 */
export interface OperationExample {
  request?: unknown;
  response?: unknown;
}

const KEL = '35.73.01.1001';
const PLAN_ID = '5b0f3c1e-8a4d-4c2e-9f61-2d7a9c3e4b10';
const LINE_ID = 'c3e9a7d2-1f4b-4e8a-b6d0-7a5c2e9f1b34';
const USER_ID = '0e4d7c2a-6b1f-4a9e-8d3c-5f2b7a1e9c60';
const ENTRY_ID = '9a2c4e6f-1b3d-4f5a-8c7e-0d2b4f6a8c1e';

const me = {
  id: USER_ID,
  username: 'lurah.balearjosari',
  fullName: 'Dewi Kartikasari, S.STP., M.Si.',
  nip: '198504172008012002',
  rank: 'Penata Tingkat I (III/d)',
  position: 'Lurah Balearjosari',
  role: 'lurah',
  regionCode: KEL,
  active: true,
};

const line = {
  id: LINE_ID,
  position: 1,
  category: 'sarpras',
  subType: 'A1',
  subKegiatanCode: '2.13.01.2.01.0001',
  description: 'Paving jalan lingkungan RW 03',
  accountCode: '5.2.04.01.01.0001',
  volume: 450,
  unit: 'M2',
  unitLabel: 'M²',
  unitPrice: 185_000,
  amount: 83_250_000,
  location: 'RW 03',
  fundingSource: 'DAU_SG',
  spent: 12_500_000,
};

const plan = (status: string) => ({
  id: PLAN_ID,
  kelurahanCode: KEL,
  kelurahanName: 'Balearjosari',
  year: 2026,
  version: 1,
  status,
  allocation: 1_000_000_000,
  total: 83_250_000,
  totalSarpras: 83_250_000,
  totalPemberdayaan: 0,
  lines: [line],
  inForce: status === 'approved' ? { version: 1, total: 83_250_000, totalSarpras: 83_250_000, totalPemberdayaan: 0, approvedAt: '2026-01-22T07:05:00.000Z', lines: [line] } : null,
  createdAt: '2026-01-12T02:15:00.000Z',
  submittedAt: status === 'draft' ? null : '2026-01-20T03:40:00.000Z',
  returnedAt: null,
  returnReason: null,
  approvedAt: status === 'approved' ? '2026-01-22T07:05:00.000Z' : null,
});

const entry = {
  id: ENTRY_ID,
  seq: 17,
  planLineId: LINE_ID,
  planId: PLAN_ID,
  kelurahanCode: KEL,
  year: 2026,
  category: 'sarpras',
  date: '2026-03-12',
  amount: 12_500_000,
  description: 'Pembelian paving block K-300 untuk jalan RW 03',
  payee: 'UD Sumber Rejeki',
  evidenceNo: 'KW-017/III/2026',
  reversesId: null,
  reversedById: null,
  reason: null,
  createdAt: '2026-03-12T04:20:00.000Z',
  createdBy: USER_ID,
  createdByName: 'Siti Aminah',
  method: 'BANK',
  accountCode: '5.2.04.01.01.0001',
  taxes: [
    { id: '1d3f5a7c-9e2b-4d6f-8a1c-3e5f7a9c2b4d', type: 'PPH22', base: 11_261_261, rate: 1.5, amount: 168_919, ruleId: 'PPH22-2026', reason: null },
  ],
};

const bendahara = {
  id: '7c1e3a5b-2d4f-4a6c-9e8b-1f3d5a7c9e2b',
  username: 'bendahara.balearjosari',
  fullName: 'Siti Aminah, S.E.',
  nip: '199002142015032001',
  rank: 'Penata Muda Tingkat I (III/b)',
  position: 'Bendahara Pengeluaran Pembantu Kelurahan Balearjosari',
  role: 'bendahara',
  regionCode: KEL,
  active: true,
};

/** What a new user's request carries of a user answer: all but the id and the status the server gives. */
function newUserFields(user: typeof bendahara): Omit<typeof bendahara, 'id' | 'active'> {
  const { id: _id, active: _active, ...fields } = user;
  return fields;
}

const allocation = {
  year: 2026,
  kelurahanCode: KEL,
  kelurahanName: 'Balearjosari',
  amount: 1_000_000_000,
  source: 'DAU_SG',
  sources: [{ source: 'DAU_SG', amount: 1_000_000_000 }],
  note: 'Perwali Malang No. 12 Tahun 2026',
  createdAt: '2026-01-05T01:30:00.000Z',
  updatedAt: '2026-01-05T01:30:00.000Z',
  updatedBy: 'admin.kotamalang',
};

export const OPERATION_EXAMPLES: Readonly<Record<string, OperationExample>> = {
  AuthController_login: {
    request: { username: 'lurah.balearjosari', password: 'Kelurahan#Balearjosari2026' },
    response: { accessToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwZTRkN2MyYSJ9.c2lnbmF0dXJl', expiresIn: 3600, user: me },
  },
  AuthController_changePassword: {
    request: { currentPassword: 'Kelurahan#Balearjosari2026', newPassword: 'Blimbing-Malang-2026!' },
  },
  AuthController_me: { response: me },
  UsersController_create: {
    request: { ...newUserFields(bendahara), password: 'Bendahara#Blimbing2026' },
    response: bendahara,
  },
  UsersController_list: { response: { items: [me, bendahara], total: 2 } },
  UsersController_deactivate: { request: { reason: 'Pindah tugas ke Kecamatan Klojen' } },
  UsersController_activate: { request: { reason: 'Kembali bertugas di Kelurahan Balearjosari' } },
  AllocationsController_set: {
    request: { amount: 1_000_000_000, source: 'DAU_SG', note: 'Perwali Malang No. 12 Tahun 2026' },
    response: allocation,
  },
  AllocationsController_list: { response: { items: [allocation], total: 1, totalAmount: 1_000_000_000 } },
  AllocationsController_bulk: {
    request: { regionCode: '35.73.01', amount: 1_000_000_000, source: 'DAU_SG', note: 'Perwali Malang No. 12 Tahun 2026' },
  },
  PlansController_create: { request: { kelurahanCode: KEL, year: 2026 } },
  PlansController_get: { response: plan('approved') },
  PlansController_list: {
    response: {
      items: [
        {
          id: PLAN_ID,
          kelurahanCode: KEL,
          kelurahanName: 'Balearjosari',
          year: 2026,
          version: 1,
          status: 'approved',
          total: 83_250_000,
          allocation: 1_000_000_000,
          inForceVersion: 1,
          inForceTotal: 83_250_000,
          submittedAt: '2026-01-20T03:40:00.000Z',
        },
      ],
      total: 1,
    },
  },
  PlansController_addLine: {
    request: {
      category: 'sarpras',
      subType: 'A1',
      description: 'Paving jalan lingkungan RW 03',
      accountCode: '5.2.04.01.01.0001',
      volume: 450,
      unit: 'M2',
      unitPrice: 185_000,
      location: 'RW 03',
      fundingSource: 'DAU_SG',
    },
    response: { ...line, spent: 0 },
  },
  PlansController_updateLine: { request: { volume: 420, unitPrice: 182_500 } },
  PlansController_approve: { response: plan('approved') },
  PlansController_return: { request: { reason: 'Harga satuan paving melebihi standar harga Kota Malang 2026; sesuaikan dengan SSH' } },
  SpendingController_record: {
    request: {
      planLineId: LINE_ID,
      date: '2026-03-12',
      amount: 12_500_000,
      description: 'Pembelian paving block K-300 untuk jalan RW 03',
      payee: 'UD Sumber Rejeki',
      evidenceNo: 'KW-017/III/2026',
      method: 'BANK',
      taxes: [{ type: 'PPH22', base: 11_261_261, rate: 1.5, amount: 168_919 }],
    },
    response: entry,
  },
  SpendingController_reverse: { request: { reason: 'Salah input nominal; dicatat ulang dengan bukti yang sama' } },
  SpendingController_get: { response: entry },
  SpendingController_list: { response: { items: [entry], total: 1 } },
  BooksController_recordFund: {
    request: {
      kelurahanCode: KEL,
      kind: 'TU',
      account: 'BANK',
      date: '2026-02-03',
      amount: 150_000_000,
      documentNo: '00123/SP2D/TU/2026',
      documentDate: '2026-02-02',
      description: 'Penerimaan TU tahap I dana kelurahan',
    },
  },
  BooksController_deposit: {
    request: {
      kelurahanCode: KEL,
      type: 'PPH22',
      account: 'BANK',
      date: '2026-03-16',
      amount: 168_919,
      billingCode: '820260316000417',
      ntpn: '7F3A91C2D4E5B680',
      description: 'Setoran PPh 22 pembelian paving KW-017/III/2026',
    },
  },
  BooksController_close: { request: { kelurahanCode: KEL, year: 2026, month: 3 } },
  BooksController_reopen: { request: { kelurahanCode: KEL, year: 2026, month: 3, reason: 'Koreksi nomor bukti KW-017/III/2026 atas permintaan Inspektorat' } },
  FlagsController_resolve: { request: { note: 'Sudah diklarifikasi: harga sesuai survei pasar tiga toko bangunan, dokumen terlampir' } },
  FlagsController_explain: { request: { reason: 'Harga mengikuti penawaran terendah dari tiga penyedia; lokasi di gang sempit menambah ongkos angkut' } },
  ReportsController_summary: {
    response: {
      region: { code: KEL, name: 'Balearjosari', level: 'kelurahan' },
      year: 2026,
      period: 'Q1',
      childLevel: 'line',
      totals: { allocation: 1_000_000_000, planned: 83_250_000, realized: 12_500_000, realizedInPeriod: 12_500_000, realizedBefore: 0, remaining: 70_750_000, absorption: 15.02 },
      byCategory: [
        { category: 'sarpras', planned: 83_250_000, realized: 12_500_000, realizedInPeriod: 12_500_000, realizedBefore: 0, remaining: 70_750_000, absorption: 15.02 },
        { category: 'pemberdayaan', planned: 0, realized: 0, realizedInPeriod: 0, realizedBefore: 0, remaining: 0, absorption: 0 },
      ],
      children: [
        {
          code: LINE_ID,
          lineId: LINE_ID,
          name: 'Paving jalan lingkungan RW 03',
          description: 'Paving jalan lingkungan RW 03',
          level: 'line',
          category: 'sarpras',
          subType: 'A1',
          accountCode: '5.2.04.01.01.0001',
          volume: 450,
          unit: 'M2',
          allocation: 0,
          planned: 83_250_000,
          realized: 12_500_000,
          realizedInPeriod: 12_500_000,
          realizedBefore: 0,
          remaining: 70_750_000,
          absorption: 15.02,
        },
      ],
    },
  },
  PublicDocumentsController_get: {
    response: {
      number: `DK/${KEL}/2026/000123`,
      kind: 'realisasi',
      title: 'Laporan Realisasi Dana Kelurahan Balearjosari Triwulan I 2026',
      regionCode: KEL,
      year: 2026,
      period: 'Q1',
      issuedAt: '2026-04-02T03:00:00.000Z',
      issuingOffice: 'Kelurahan Balearjosari, Kecamatan Blimbing, Kota Malang',
      sha256: '3f9c0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7',
      fingerprint: '9b8a7c6d5e4f30211f2e3d4c5b6a79880f1e2d3c4b5a69788796a5b4c3d2e1f0',
      status: 'valid',
      supersededBy: null,
    },
  },
};
