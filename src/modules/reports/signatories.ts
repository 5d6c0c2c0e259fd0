import type { RegionIdentity, SignatoryInput, SignatoryRole } from './model/report.types';
import type { LoadedReportTemplate, SignatoryConfig } from './pdf/report-template';

// The region whose official signs in each role: the camat for the kecamatan, the lurah and bendahara for the kelurahan.
const ROLE_REGION: Partial<Record<SignatoryRole, keyof Omit<RegionIdentity, 'level'>>> = {
  camat: 'kecamatan',
  lurah: 'kelurahan',
  bendahara: 'kelurahan',
  sekretaris: 'kelurahan',
  kabkota: 'kabkota',
  provinsi: 'provinsi',
};

function fromConfig(role: SignatoryRole, config: SignatoryConfig, user: SignatoryInput | undefined): SignatoryInput | null {
  if (config.deputy) {
    const d = config.deputy;
    return { role, name: d.name, nip: d.nip ?? null, rank: d.rank ?? null, title: config.title ?? null, deputy: d.kind };
  }
  if (config.name) {
    return { role, name: config.name, nip: config.nip ?? null, rank: config.rank ?? null, title: config.title ?? user?.title ?? null };
  }
  return user ?? null;
}

/**
 * Who signs: the users holding each role, overridden by the template's `signatories` for that region and role
 * (an official the Pemda names, e.g. the Kepala Bagian Pemerintahan, who has no account), or replaced by the
 * configured Plh/Plt deputy while the official is away.
 */
export function resolveSignatories(
  template: Pick<LoadedReportTemplate, 'signatories'>,
  region: RegionIdentity,
  fromUsers: SignatoryInput[],
): SignatoryInput[] {
  const out = [...fromUsers];
  for (const [role, level] of Object.entries(ROLE_REGION) as Array<[SignatoryRole, keyof Omit<RegionIdentity, 'level'>]>) {
    const code = region[level]?.code;
    const config = code ? template.signatories?.[code]?.[role] : undefined;
    if (!config || typeof config !== 'object') continue;
    const i = out.findIndex((s) => s.role === role);
    const resolved = fromConfig(role, config, i >= 0 ? out[i] : undefined);
    if (!resolved) continue;
    if (i >= 0) out[i] = resolved;
    else out.push(resolved);
  }
  return out;
}
