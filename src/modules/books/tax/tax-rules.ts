/**
 * The taxes a bendahara withholds, as one dated rule table (pure data, no I/O). A rule is in force from its
 * `from` date up to and including its `to` date; the payment's date chooses the rules. Rates are percentages with
 * at most four decimals and are computed in integer units of 1/10,000 percent, so no float ever touches money.
 */
export const TAX_TYPES = ['PPN', 'PPH21', 'PPH22', 'PPH23', 'PPH4_2', 'LAINNYA'] as const;
export type TaxType = (typeof TAX_TYPES)[number];

export const TAX_LABELS: Record<TaxType, string> = {
  PPN: 'PPN',
  PPH21: 'PPh Pasal 21',
  PPH22: 'PPh Pasal 22',
  PPH23: 'PPh Pasal 23',
  PPH4_2: 'PPh Pasal 4 ayat (2)',
  LAINNYA: 'Pajak lainnya',
};

/** What was bought or paid for; it decides which taxes apply. */
export const PURCHASE_KINDS = ['BARANG', 'JASA', 'SEWA', 'KONSTRUKSI', 'KONSULTAN_KONSTRUKSI', 'HONOR_ASN', 'LAINNYA'] as const;
export type PurchaseKind = (typeof PURCHASE_KINDS)[number];

export type Golongan = 'I' | 'II' | 'III' | 'IV';
export type ConstructionQualification = 'KECIL' | 'MENENGAH_BESAR' | 'TIDAK_BERSERTIFIKAT';

export interface TaxRule {
  id: string;
  type: Exclude<TaxType, 'LAINNYA'>;
  from: string;
  to: string | null;
  /** Percent, e.g. 1.5. */
  rate: number;
  /** Base (DPP) = price × num / den: 11/12 is PPN's "DPP nilai lain" from 2025. */
  baseFactor: readonly [number, number];
  applies: (input: { kind: PurchaseKind; golongan?: Golongan; qualification?: ConstructionQualification }) => boolean;
  label: string;
  basis: string;
}

const goods = (i: { kind: PurchaseKind }) => i.kind === 'BARANG';
const services = (i: { kind: PurchaseKind }) => i.kind === 'JASA' || i.kind === 'SEWA';
const taxable = (i: { kind: PurchaseKind }) => ['BARANG', 'JASA', 'SEWA', 'KONSTRUKSI', 'KONSULTAN_KONSTRUKSI'].includes(i.kind);
const construction = (q: ConstructionQualification) => (i: { kind: PurchaseKind; qualification?: ConstructionQualification }) =>
  i.kind === 'KONSTRUKSI' && (i.qualification ?? 'KECIL') === q;
const consultancy = (certified: boolean) => (i: { kind: PurchaseKind; qualification?: ConstructionQualification }) =>
  i.kind === 'KONSULTAN_KONSTRUKSI' && (i.qualification !== 'TIDAK_BERSERTIFIKAT') === certified;
const asn = (g: Golongan[]) => (i: { kind: PurchaseKind; golongan?: Golongan }) => i.kind === 'HONOR_ASN' && !!i.golongan && g.includes(i.golongan);

export const TAX_RULES: readonly TaxRule[] = [
  { id: 'PPN-2010', type: 'PPN', from: '2010-01-01', to: '2022-03-31', rate: 10, baseFactor: [1, 1], applies: taxable, label: 'PPN 10%', basis: 'UU 42/2009' },
  { id: 'PPN-2022', type: 'PPN', from: '2022-04-01', to: '2024-12-31', rate: 11, baseFactor: [1, 1], applies: taxable, label: 'PPN 11%', basis: 'UU 7/2021 (HPP)' },
  {
    id: 'PPN-2025', type: 'PPN', from: '2025-01-01', to: null, rate: 12, baseFactor: [11, 12], applies: taxable,
    label: 'PPN 12% × DPP nilai lain 11/12', basis: 'PMK 131/2024',
  },
  { id: 'PPH22-1.5', type: 'PPH22', from: '2010-01-01', to: null, rate: 1.5, baseFactor: [1, 1], applies: goods, label: 'PPh 22 1,5%', basis: 'PMK 34/2017' },
  { id: 'PPH23-2', type: 'PPH23', from: '2010-01-01', to: null, rate: 2, baseFactor: [1, 1], applies: services, label: 'PPh 23 2%', basis: 'UU 36/2008' },
  { id: 'PPH21-ASN-I-II', type: 'PPH21', from: '2010-01-01', to: null, rate: 0, baseFactor: [1, 1], applies: asn(['I', 'II']), label: 'PPh 21 ASN gol. I–II 0%', basis: 'PP 80/2010' },
  { id: 'PPH21-ASN-III', type: 'PPH21', from: '2010-01-01', to: null, rate: 5, baseFactor: [1, 1], applies: asn(['III']), label: 'PPh 21 ASN gol. III 5%', basis: 'PP 80/2010' },
  { id: 'PPH21-ASN-IV', type: 'PPH21', from: '2010-01-01', to: null, rate: 15, baseFactor: [1, 1], applies: asn(['IV']), label: 'PPh 21 ASN gol. IV 15%', basis: 'PP 80/2010' },
  { id: 'PPH4_2-2008-KECIL', type: 'PPH4_2', from: '2008-07-20', to: '2022-02-20', rate: 2, baseFactor: [1, 1], applies: construction('KECIL'), label: 'PPh 4(2) konstruksi kecil 2%', basis: 'PP 51/2008' },
  { id: 'PPH4_2-2008-BESAR', type: 'PPH4_2', from: '2008-07-20', to: '2022-02-20', rate: 3, baseFactor: [1, 1], applies: construction('MENENGAH_BESAR'), label: 'PPh 4(2) konstruksi menengah/besar 3%', basis: 'PP 51/2008' },
  { id: 'PPH4_2-2008-TANPA', type: 'PPH4_2', from: '2008-07-20', to: '2022-02-20', rate: 4, baseFactor: [1, 1], applies: construction('TIDAK_BERSERTIFIKAT'), label: 'PPh 4(2) konstruksi tanpa sertifikat 4%', basis: 'PP 51/2008' },
  { id: 'PPH4_2-2008-KONSULTAN', type: 'PPH4_2', from: '2008-07-20', to: '2022-02-20', rate: 4, baseFactor: [1, 1], applies: consultancy(true), label: 'PPh 4(2) konsultan konstruksi 4%', basis: 'PP 51/2008' },
  { id: 'PPH4_2-2008-KONSULTAN-TANPA', type: 'PPH4_2', from: '2008-07-20', to: '2022-02-20', rate: 6, baseFactor: [1, 1], applies: consultancy(false), label: 'PPh 4(2) konsultan tanpa sertifikat 6%', basis: 'PP 51/2008' },
  { id: 'PPH4_2-2022-KECIL', type: 'PPH4_2', from: '2022-02-21', to: null, rate: 1.75, baseFactor: [1, 1], applies: construction('KECIL'), label: 'PPh 4(2) konstruksi kecil 1,75%', basis: 'PP 9/2022' },
  { id: 'PPH4_2-2022-BESAR', type: 'PPH4_2', from: '2022-02-21', to: null, rate: 2.65, baseFactor: [1, 1], applies: construction('MENENGAH_BESAR'), label: 'PPh 4(2) konstruksi menengah/besar 2,65%', basis: 'PP 9/2022' },
  { id: 'PPH4_2-2022-TANPA', type: 'PPH4_2', from: '2022-02-21', to: null, rate: 4, baseFactor: [1, 1], applies: construction('TIDAK_BERSERTIFIKAT'), label: 'PPh 4(2) konstruksi tanpa sertifikat 4%', basis: 'PP 9/2022' },
  { id: 'PPH4_2-2022-KONSULTAN', type: 'PPH4_2', from: '2022-02-21', to: null, rate: 3.5, baseFactor: [1, 1], applies: consultancy(true), label: 'PPh 4(2) konsultan konstruksi 3,5%', basis: 'PP 9/2022' },
  { id: 'PPH4_2-2022-KONSULTAN-TANPA', type: 'PPH4_2', from: '2022-02-21', to: null, rate: 6, baseFactor: [1, 1], applies: consultancy(false), label: 'PPh 4(2) konsultan tanpa sertifikat 6%', basis: 'PP 9/2022' },
];

/** PPN and PPh 22 are not collected on a purchase up to this amount (gross) that is not split (PMK 59/2022, PMK 34/2017). */
export const SMALL_PURCHASE_LIMIT = 2_000_000;

const inForce = (rule: TaxRule, date: string) => rule.from <= date && (rule.to === null || date <= rule.to);

export function rulesInForce(date: string): TaxRule[] {
  return TAX_RULES.filter((r) => inForce(r, date));
}

/** The rates the table allows for one tax on one date (empty for LAINNYA: any rate there needs a reason). */
export function allowedRates(type: TaxType, date: string): number[] {
  return [...new Set(rulesInForce(date).filter((r) => r.type === type).map((r) => r.rate))].sort((a, b) => a - b);
}

export function ruleFor(type: TaxType, rate: number, date: string): TaxRule | null {
  return rulesInForce(date).find((r) => r.type === type && r.rate === rate) ?? null;
}

const RATE_SCALE = 10_000;

/** A percentage as integer units of 1/10,000 %, or null when it has more than four decimals or is out of 0..100. */
export function rateUnits(rate: number): number | null {
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 100) return null;
  const units = Math.round(rate * RATE_SCALE);
  return Math.abs(units / RATE_SCALE - rate) < 1e-9 ? units : null;
}

/** base × rate %, rounded down to the rupiah (tax is never rounded up against the payee). */
export function taxAmount(base: number, rate: number): number {
  const units = rateUnits(rate);
  if (units === null) throw new RangeError(`bad tax rate ${rate}`);
  if (!Number.isSafeInteger(base) || base < 0) throw new RangeError(`bad tax base ${base}`);
  return Number((BigInt(base) * BigInt(units)) / BigInt(100 * RATE_SCALE));
}

/** price × num / den, rounded down. */
export function applyBaseFactor(price: number, [num, den]: readonly [number, number]): number {
  return Number((BigInt(price) * BigInt(num)) / BigInt(den));
}

export interface SuggestInput {
  date: string;
  /** What the payment's amount is: the gross paid for the goods or services. */
  amount: number;
  kind: PurchaseKind;
  /** Whether `amount` already contains PPN (default true, as on most nota). */
  ppnIncluded?: boolean;
  golongan?: Golongan;
  qualification?: ConstructionQualification;
  /** A purchase split into several payments is taxed as the whole (the small-purchase exemption does not apply). */
  split?: boolean;
  /** The payee is a PKP (registered for PPN); otherwise no PPN is collected. Default true. */
  pkp?: boolean;
}

export interface SuggestedTax {
  type: TaxType;
  base: number;
  rate: number;
  amount: number;
  ruleId: string;
  label: string;
  basis: string;
}

/**
 * The taxes the table proposes for one payment. PPN comes out of a price that includes it (price excl. PPN =
 * amount × 100 / (100 + effective rate)), and the price excluding PPN is the base of the income taxes.
 */
export function suggestTaxes(input: SuggestInput): SuggestedTax[] {
  const rules = rulesInForce(input.date).filter((r) => r.applies(input));
  const small = input.amount <= SMALL_PURCHASE_LIMIT && !input.split;
  const ppnRule = input.pkp === false ? undefined : rules.find((r) => r.type === 'PPN');
  const collectPpn = ppnRule && !small;
  let priceExclPpn = input.amount;
  if (collectPpn && input.ppnIncluded !== false) {
    // Effective rate in units of 1/10,000 %: 12 % × 11/12 = 11 %.
    const effective = (BigInt(rateUnits(ppnRule.rate)!) * BigInt(ppnRule.baseFactor[0])) / BigInt(ppnRule.baseFactor[1]);
    priceExclPpn = Number((BigInt(input.amount) * 1_000_000n) / (1_000_000n + effective));
  }
  const out: SuggestedTax[] = [];
  for (const r of rules) {
    if (r.type === 'PPN' && (!collectPpn || r !== ppnRule)) continue;
    if (r.type === 'PPH22' && small) continue;
    const base = applyBaseFactor(priceExclPpn, r.baseFactor);
    out.push({ type: r.type, base, rate: r.rate, amount: taxAmount(base, r.rate), ruleId: r.id, label: r.label, basis: r.basis });
  }
  return out;
}

export interface TaxLineInput {
  type: string;
  base: number;
  rate: number;
  amount: number;
  reason?: string;
}

export interface TaxLineProblem {
  field: 'type' | 'base' | 'rate' | 'amount' | 'reason';
  message: string;
}

/**
 * Checks one tax line against the table in force on `date`: a rate the table does not have, or an amount other
 * than base × rate, needs a reason (the bendahara's deliberate change). Returns the rule it follows, or the problem.
 */
export function checkTaxLine(line: TaxLineInput, date: string): { ruleId: string | null } | { problem: TaxLineProblem } {
  if (!(TAX_TYPES as readonly string[]).includes(line.type)) {
    return { problem: { field: 'type', message: `jenis pajak harus salah satu dari ${TAX_TYPES.join(', ')}` } };
  }
  if (!Number.isSafeInteger(line.base) || line.base < 0) return { problem: { field: 'base', message: 'DPP harus rupiah utuh, tidak negatif' } };
  if (rateUnits(line.rate) === null) return { problem: { field: 'rate', message: 'tarif harus persen 0–100 dengan paling banyak 4 desimal' } };
  if (!Number.isSafeInteger(line.amount) || line.amount < 0) return { problem: { field: 'amount', message: 'jumlah pajak harus rupiah utuh, tidak negatif' } };
  if (line.amount > line.base) return { problem: { field: 'amount', message: 'jumlah pajak tidak boleh melebihi DPP' } };
  const reason = line.reason?.trim() ?? '';
  const type = line.type as TaxType;
  const rule = ruleFor(type, line.rate, date);
  if (!rule && !reason) {
    const allowed = allowedRates(type, date);
    const which = allowed.length ? `tarif yang berlaku ${date}: ${allowed.map((r) => `${String(r).replace('.', ',')}%`).join(', ')}` : 'jenis ini tidak punya tarif baku';
    return { problem: { field: 'rate', message: `${which}; tarif lain wajib disertai alasan (reason)` } };
  }
  if (line.amount !== taxAmount(line.base, line.rate) && !reason) {
    return { problem: { field: 'amount', message: `jumlah pajak seharusnya ${taxAmount(line.base, line.rate)} (DPP × tarif); jumlah lain wajib disertai alasan (reason)` } };
  }
  return { ruleId: rule?.id ?? null };
}
