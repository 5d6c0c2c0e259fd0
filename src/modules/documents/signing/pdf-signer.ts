/**
 * The last step of issuing a PDF, after the QR code and the fingerprint are in: an electronic signature over the
 * final bytes. One interface, so a PKCS#12 certificate today and a BSrE (TTE) connector later are the same to the
 * registry, which stores and verifies whatever bytes the signer returns.
 */
export interface PdfSigner {
  /** 'none', 'pkcs12', …: recorded nowhere, shown in logs and health only. */
  readonly name: string;
  sign(pdf: Buffer): Promise<Buffer>;
}

export const PDF_SIGNER = Symbol('PDF_SIGNER');

/** No signature configured: the PDF is issued as drawn. */
export class NoSigner implements PdfSigner {
  readonly name = 'none';
  async sign(pdf: Buffer): Promise<Buffer> {
    return pdf;
  }
}
