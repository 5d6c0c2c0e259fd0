import type { Role } from '../common/auth/auth-user';

export interface MenuItem {
  href: string;
  label: string;
  /** The path prefix under which the entry is the current one, when wider than its href. */
  section?: string;
}

/** The menu of each role: a role sees only what it may open. Add a page's entry here. */
export const MENU: Record<Role, MenuItem[]> = {
  lurah: [
    { href: '/', label: 'Beranda' },
    { href: '/rencana', label: 'Rencana' },
    { href: '/laporan', label: 'Laporan' },
  ],
  camat: [
    { href: '/', label: 'Beranda' },
    { href: '/dasbor', label: 'Dasbor' },
    { href: '/persetujuan', label: 'Persetujuan' },
    { href: '/laporan', label: 'Laporan' },
    { href: '/kelengkapan', label: 'Kelengkapan' },
    { href: '/peringatan', label: 'Peringatan' },
  ],
  admin: [
    { href: '/', label: 'Beranda' },
    { href: '/dasbor', label: 'Dasbor' },
    { href: '/admin/pengguna', label: 'Pengguna' },
    { href: '/admin/alokasi', label: 'Alokasi' },
    { href: '/admin/wilayah', label: 'Wilayah' },
    { href: '/audit/jejak', label: 'Audit', section: '/audit/' },
    { href: '/laporan', label: 'Laporan' },
    { href: '/kelengkapan', label: 'Kelengkapan' },
    { href: '/peringatan', label: 'Peringatan' },
  ],
  bendahara: [
    { href: '/', label: 'Beranda' },
    { href: '/buku', label: 'Buku Kas Umum' },
    { href: '/laporan', label: 'Laporan' },
  ],
  auditor: [
    { href: '/', label: 'Beranda' },
    { href: '/dasbor', label: 'Dasbor' },
    { href: '/audit/jejak', label: 'Audit', section: '/audit/' },
    { href: '/laporan', label: 'Laporan' },
    { href: '/kelengkapan', label: 'Kelengkapan' },
    { href: '/peringatan', label: 'Peringatan' },
  ],
};

export const menuFor = (role: Role): MenuItem[] => MENU[role] ?? [];
