import type { EvidenceDto, EvidenceListDto } from '../../modules/evidence/evidence.dto';
import type { Person } from '../../modules/users/users.service';
import { dateTimeWib } from '../audit/audit-view';
import { EVIDENCE_LABELS } from '../books/books-view';

/** The form's field names as a person reads them, for messages that name a field. */
export const EVIDENCE_FORM_LABELS: Record<string, string> = { kind: 'Jenis bukti', file: 'Berkas', reason: 'Alasan penggantian', supersedesId: 'Bukti yang diganti' };

export interface EvidenceItemView {
  id: string;
  kind: string;
  kindLabel: string;
  fileName: string;
  mediaType: string;
  sizeLabel: string;
  sha256: string;
  hasThumbnail: boolean;
  isImage: boolean;
  uploadedAt: string;
  uploadedBy: string;
  /** The file this one replaced, and why. */
  replaces: { fileName: string; reason: string } | null;
  /** The file that replaced this one (this one is then no longer in force). */
  replacedBy: { id: string; fileName: string; uploadedAt: string } | null;
}

export interface EvidencePageView {
  /** Files in force, oldest first. */
  current: EvidenceItemView[];
  /** Files replaced by another, kept for the record. */
  replaced: EvidenceItemView[];
  required: Array<{ kind: string; label: string; note: string; present: boolean }>;
  missingLabels: string[];
  complete: boolean;
}

const kindLabel = (kind: string) => EVIDENCE_LABELS[kind as keyof typeof EVIDENCE_LABELS] ?? kind;

/** `1.234.567` bytes as a person reads a file size: KB below a megabyte, MB with one decimal above. */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(Math.round((bytes / 1024 / 1024) * 10) / 10).toLocaleString('id-ID')} MB`;
}

/** The payment's files split into in force and replaced, each replacement linked both ways, with who uploaded it. */
export function evidenceView(list: EvidenceListDto, people: Map<string, Person> = new Map()): EvidencePageView {
  const byId = new Map<string, EvidenceDto>(list.items.map((e) => [e.id, e]));
  const item = (e: EvidenceDto): EvidenceItemView => {
    const old = e.supersedesId ? byId.get(e.supersedesId) : undefined;
    const next = e.supersededById ? byId.get(e.supersededById) : undefined;
    return {
      id: e.id,
      kind: e.kind,
      kindLabel: kindLabel(e.kind),
      fileName: e.fileName,
      mediaType: e.mediaType,
      sizeLabel: sizeLabel(e.byteSize),
      sha256: e.sha256,
      hasThumbnail: e.hasThumbnail,
      isImage: e.mediaType.startsWith('image/'),
      uploadedAt: dateTimeWib(e.uploadedAt),
      uploadedBy: people.get(e.uploadedBy)?.fullName ?? '–',
      replaces: old ? { fileName: old.fileName, reason: e.supersedeReason ?? '' } : null,
      replacedBy: next ? { id: next.id, fileName: next.fileName, uploadedAt: dateTimeWib(next.uploadedAt) } : null,
    };
  };
  const items = list.items.map(item);
  return {
    current: items.filter((i) => i.replacedBy === null),
    replaced: items.filter((i) => i.replacedBy !== null),
    required: list.required.map((r) => ({ kind: r.kind, label: kindLabel(r.kind), note: r.note, present: r.present })),
    missingLabels: list.missing.map(kindLabel),
    complete: list.complete,
  };
}
