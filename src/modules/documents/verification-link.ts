export const VERIFY_PATH = '/verifikasi';

/** PUBLIC_URL + /verifikasi/ + the URL-encoded number: what the QR code of every document opens. */
export function verificationUrl(publicUrl: string, number: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${VERIFY_PATH}/${encodeURIComponent(number)}`;
}
