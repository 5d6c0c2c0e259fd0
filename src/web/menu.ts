import type { Role } from '../common/auth/auth-user';

export interface MenuItem {
  href: string;
  label: string;
}

/** The menu of each role: a role sees only what it may open. Add a page's entry here. */
export const MENU: Record<Role, MenuItem[]> = {
  lurah: [
    { href: '/', label: 'Beranda' },
    { href: '/rencana', label: 'Rencana' },
  ],
  camat: [
    { href: '/', label: 'Beranda' },
    { href: '/persetujuan', label: 'Persetujuan' },
    { href: '/dasbor', label: 'Dasbor' },
  ],
  admin: [
    { href: '/', label: 'Beranda' },
    { href: '/admin/pengguna', label: 'Pengguna' },
    { href: '/admin/alokasi', label: 'Alokasi' },
    { href: '/admin/wilayah', label: 'Wilayah' },
    { href: '/dasbor', label: 'Dasbor' },
  ],
  bendahara: [{ href: '/', label: 'Beranda' }],
  auditor: [
    { href: '/', label: 'Beranda' },
    { href: '/dasbor', label: 'Dasbor' },
  ],
};

export const menuFor = (role: Role): MenuItem[] => MENU[role] ?? [];
