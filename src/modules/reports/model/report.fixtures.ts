// Sample inputs shared by the model and PDF specs (Kota Malang, Kecamatan Klojen, Kelurahan Oro-oro Dowo).
import type {
  AggregateRealisasiInput,
  DocumentFooterInput,
  KelurahanLineRow,
  KelurahanRealisasiInput,
  PlanDocumentInput,
  RegionIdentity,
  SignatureInput,
} from './report.types';

export const KOTA_MALANG = { code: '35.73', name: 'Kota Malang' };
export const KLOJEN = { code: '35.73.02', name: 'Klojen' };
export const ORO_ORO_DOWO = { code: '35.73.02.1005', name: 'Oro-oro Dowo' };
export const JAWA_TIMUR = { code: '35', name: 'Jawa Timur' };

export const KELURAHAN_REGION: RegionIdentity = {
  level: 'kelurahan',
  kelurahan: ORO_ORO_DOWO,
  kecamatan: KLOJEN,
  kabkota: KOTA_MALANG,
  provinsi: JAWA_TIMUR,
};

export const CAMAT = {
  role: 'camat' as const,
  name: 'Drs. Bambang Sutrisno, M.Si.',
  nip: '197205151998031004',
  rank: 'Pembina Tingkat I (IV/b)',
};
export const LURAH = {
  role: 'lurah' as const,
  name: 'Siti Rahmawati, S.STP',
  nip: '198409292010012006',
  rank: 'Penata Tingkat I (III/d)',
};

export function signature(signatories: SignatureInput['signatories'] = [CAMAT, LURAH]): SignatureInput {
  return { place: 'Malang', date: '2026-07-03', signatories };
}

export function footer(documentNumber = 'DK/35.73.02.1005/2026/Q2/0007'): DocumentFooterInput {
  return {
    documentNumber,
    verifyUrl: `https://danakel.malangkota.go.id/verifikasi/${encodeURIComponent(documentNumber)}`,
    issuedAt: '2026-07-03T02:15:00.000Z',
    issuedBy: 'siti.lurah',
  };
}

export const KELURAHAN_LINES: KelurahanLineRow[] = [
  {
    lineId: 11,
    category: 'sarpras',
    subType: 'A2',
    accountCode: '5.1.02.01.01.0052',
    description: 'Pembangunan jalan paving RT 03 RW 05',
    volume: 120,
    unit: 'm²',
    budget: 150_000_000,
    realizedBefore: 50_000_000,
    realizedInPeriod: 25_000_000,
    location: 'Jl. Kawi Atas RT 03 RW 05',
    fundingSource: 'APBD',
  },
  {
    lineId: 12,
    category: 'sarpras',
    subType: 'A1',
    accountCode: '5.1.02.01.01.0024',
    description: 'Saluran drainase RW 02',
    volume: 12.5,
    unit: 'm',
    budget: 100_000_000,
    realizedBefore: 0,
    realizedInPeriod: 33_333_333,
  },
  {
    lineId: 13,
    category: 'sarpras',
    subType: 'A1',
    accountCode: '5.1.02.01.01.0024',
    description: 'Pengadaan alat pemadam api ringan',
    volume: 6,
    unit: 'unit',
    budget: 3_000_000,
    realizedBefore: 0,
    realizedInPeriod: 2_000_000,
  },
  {
    lineId: 21,
    category: 'pemberdayaan',
    subType: 'B4',
    accountCode: '5.1.02.01.01.0052',
    description: 'Pelatihan kader PKK',
    volume: 100,
    unit: 'ORANG_KALI',
    budget: 40_000_000,
    realizedBefore: 10_000_000,
    realizedInPeriod: 0,
    fundingSource: 'DAU_SG',
  },
  {
    lineId: 22,
    category: 'pemberdayaan',
    subType: 'B1',
    accountCode: '5.1.02.01.01.0025',
    description: 'Makan minum kegiatan Posyandu',
    volume: 0,
    unit: 'kotak',
    budget: 0,
    realizedBefore: 0,
    realizedInPeriod: 0,
  },
];

export function kelurahanInput(overrides: Partial<KelurahanRealisasiInput> = {}): KelurahanRealisasiInput {
  return {
    region: KELURAHAN_REGION,
    year: 2026,
    period: 'Q2',
    allocation: 400_000_000,
    lines: KELURAHAN_LINES,
    signature: signature(),
    document: footer(),
    ...overrides,
  };
}

export function kecamatanInput(overrides: Partial<AggregateRealisasiInput> = {}): AggregateRealisasiInput {
  return {
    region: { level: 'kecamatan', kecamatan: KLOJEN, kabkota: KOTA_MALANG, provinsi: JAWA_TIMUR },
    year: 2026,
    period: 'S1',
    rows: [
      {
        code: '35.73.02.1005',
        name: 'Oro-oro Dowo',
        allocation: 400_000_000,
        planned: 293_000_000,
        realizedBefore: 60_000_000,
        realizedInPeriod: 60_333_333,
        byCategory: {
          sarpras: { planned: 253_000_000, realizedBefore: 50_000_000, realizedInPeriod: 60_333_333 },
          pemberdayaan: { planned: 40_000_000, realizedBefore: 10_000_000, realizedInPeriod: 0 },
        },
      },
      {
        code: '35.73.02.1001',
        name: 'Klojen',
        allocation: 350_000_000,
        planned: 350_000_000,
        realizedBefore: 100_000_000,
        realizedInPeriod: 75_000_000,
        byCategory: {
          sarpras: { planned: 250_000_000, realizedBefore: 80_000_000, realizedInPeriod: 70_000_000 },
          pemberdayaan: { planned: 100_000_000, realizedBefore: 20_000_000, realizedInPeriod: 5_000_000 },
        },
      },
      {
        code: '35.73.02.1003',
        name: 'Kauman',
        allocation: 300_000_000,
        planned: 0,
        realizedBefore: 0,
        realizedInPeriod: 0,
      },
    ],
    signature: signature([CAMAT]),
    document: footer('DK/35.73.02/2026/S1/0002'),
    ...overrides,
  };
}

export function planInput(overrides: Partial<PlanDocumentInput> = {}): PlanDocumentInput {
  return {
    region: KELURAHAN_REGION,
    year: 2026,
    planId: 7,
    version: 2,
    status: 'approved',
    allocation: 400_000_000,
    lines: [
      {
        lineId: 11,
        category: 'sarpras',
        subType: 'A2',
        accountCode: '5.1.02.01.01.0052',
        description: 'Pembangunan jalan paving',
        volume: 120,
        unit: 'm²',
        unitPrice: 1_250_000,
        amount: 150_000_000,
        location: 'RT 03 RW 05',
      },
      {
        lineId: 12,
        category: 'sarpras',
        subType: 'A1',
        accountCode: '5.1.02.01.01.0024',
        description: 'Saluran drainase',
        volume: 12.5,
        unit: 'm',
        unitPrice: 8_000_000,
        amount: 100_000_000,
        location: 'RW 02',
      },
      {
        lineId: 21,
        category: 'pemberdayaan',
        subType: 'B4',
        accountCode: '5.1.02.01.01.0052',
        description: 'Pelatihan kader PKK',
        volume: 40,
        unit: 'orang',
        unitPrice: 1_000_000,
        amount: 40_000_000,
      },
    ],
    approval: {
      approvedAt: '2026-02-10T03:00:00.000Z',
      approverName: 'Drs. Bambang Sutrisno, M.Si.',
      approverTitle: 'Camat Klojen',
      approverNip: '197205151998031004',
    },
    signature: signature([LURAH]),
    document: footer('DK/35.73.02.1005/2026/RKA/v2'),
    ...overrides,
  };
}
