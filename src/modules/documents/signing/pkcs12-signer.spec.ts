import { checkPdfSignature, selfSignedP12 } from '../../../../test/helpers/signing';
import { pdfText } from '../../../../test/helpers/pdf-text';
import { buildKelurahanRealisasiModel } from '../../reports/model/realisasi-report.model';
import { kelurahanInput } from '../../reports/model/report.fixtures';
import { renderRealisasiPdf } from '../../reports/pdf/report-renderer';
import { loadReportTemplate } from '../../reports/pdf/report-template';
import { Pkcs12Signer } from './pkcs12-signer';

describe('PAdES signing with a PKCS#12 certificate', () => {
  const p12 = selfSignedP12('rahasia-uji');
  const model = buildKelurahanRealisasiModel(kelurahanInput());
  let unsigned: Buffer;
  let signed: Buffer;
  beforeAll(async () => {
    unsigned = await renderRealisasiPdf(model, loadReportTemplate('35.73'));
    signed = await new Pkcs12Signer(p12, 'rahasia-uji').sign(unsigned);
  });

  it('signs last, as an incremental update: the drawn document is untouched underneath', () => {
    expect(signed.length).toBeGreaterThan(unsigned.length);
    expect(signed.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('writes an ETSI.CAdES.detached signature whose digest and RSA signature verify with the signer certificate', () => {
    const check = checkPdfSignature(signed);
    expect(check).toEqual({
      subFilter: 'ETSI.CAdES.detached',
      digestMatches: true,
      signatureValid: true,
      hasSigningCertificateV2: true,
      signerCommonName: 'Camat Uji Coba',
    });
  });

  it('is caught when one signed byte changes', () => {
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('JUMLAH') > 0 ? tampered.indexOf('/Type /Page') : 200;
    tampered[at] ^= 0x01;
    expect(checkPdfSignature(tampered).digestMatches).toBe(false);
  });

  it('keeps the QR code, the number and the fingerprint readable', async () => {
    const text = (await pdfText(signed)).text;
    expect(text).toContain(model.document.documentNumber);
    expect(text).toContain(model.document.dataSha256);
  });

  it('refuses a wrong passphrase', () => {
    expect(() => new Pkcs12Signer(p12, 'salah')).toThrow();
  });
});
