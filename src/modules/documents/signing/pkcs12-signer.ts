import { createHash, createSign } from 'node:crypto';
import forge from 'node-forge';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { PdfSigner } from './pdf-signer';

const asn1 = forge.asn1;
const { Class, Type } = asn1;

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
};

const oid = (id: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(id).getBytes());
const seq = (items: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, items);
const set = (items: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SET, true, items);
const octets = (bytes: Buffer) => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bytes.toString('binary'));
const int = (n: number) => asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const sha256Alg = () => seq([oid(OID.sha256)]);
const attribute = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);
const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');

/**
 * A CAdES detached signature (CMS SignedData) as PAdES baseline B wants it: content type, message digest and the
 * signing certificate's hash (ESS signing-certificate-v2) signed with SHA-256/RSA; no signing-time attribute (the
 * time is the PDF signature dictionary's /M).
 */
class CadesP12Signer extends Signer {
  private readonly key: string;
  private readonly certDer: Buffer;
  private readonly cert: forge.pki.Certificate;
  private readonly chain: forge.pki.Certificate[];

  constructor(p12: Buffer, passphrase: string) {
    super();
    const parsed = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(p12.toString('binary')), false, passphrase);
    const keyBag = parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0];
    const certs = (parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []).map((b) => b.cert!).filter(Boolean);
    if (!keyBag?.key || !certs.length) throw new Error('PKCS#12 holds no private key and certificate');
    const privateKey = keyBag.key as forge.pki.rsa.PrivateKey;
    const own = certs.find((c) => {
      const pub = c.publicKey as forge.pki.rsa.PublicKey;
      return pub.n.compareTo(privateKey.n) === 0 && pub.e.compareTo(privateKey.e) === 0;
    });
    if (!own) throw new Error('PKCS#12: no certificate matches the private key');
    this.key = forge.pki.privateKeyToPem(privateKey);
    this.cert = own;
    this.certDer = der(forge.pki.certificateToAsn1(own));
    this.chain = certs;
  }

  async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const digest = createHash('sha256').update(pdfBuffer).digest();
    const certHash = createHash('sha256').update(this.certDer).digest();
    const signedAttrs = [
      attribute(OID.contentType, oid(OID.data)),
      attribute(OID.messageDigest, octets(digest)),
      attribute(OID.signingCertificateV2, seq([seq([seq([octets(certHash)])])])),
    ];
    // Signed as a SET (tag 0x31); stored as [0] IMPLICIT.
    const signature = createSign('sha256').update(der(set(signedAttrs))).sign(this.key);
    const issuerAndSerial = seq([
      forge.pki.distinguishedNameToAsn1(this.cert.issuer),
      asn1.create(Class.UNIVERSAL, Type.INTEGER, false, forge.util.hexToBytes(this.cert.serialNumber)),
    ]);
    const signerInfo = seq([
      int(1),
      issuerAndSerial,
      sha256Alg(),
      asn1.create(Class.CONTEXT_SPECIFIC, 0, true, signedAttrs),
      seq([oid(OID.rsaEncryption), asn1.create(Class.UNIVERSAL, Type.NULL, false, '')]),
      octets(signature),
    ]);
    const signedData = seq([
      int(1),
      set([sha256Alg()]),
      seq([oid(OID.data)]),
      asn1.create(Class.CONTEXT_SPECIFIC, 0, true, this.chain.map((c) => forge.pki.certificateToAsn1(c))),
      set([signerInfo]),
    ]);
    return der(seq([oid(OID.signedData), asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
  }
}

/**
 * PAdES (ETSI.CAdES.detached) with a PKCS#12 certificate: a signature placeholder is appended to the finished PDF
 * (an incremental update, so the pages, the QR code and the fingerprint are untouched) and filled with the CMS.
 */
export class Pkcs12Signer implements PdfSigner {
  readonly name = 'pkcs12';
  private readonly signer: CadesP12Signer;
  private readonly commonName: string;

  constructor(
    p12: Buffer,
    passphrase: string,
    private readonly options: { reason?: string; location?: string; contactInfo?: string } = {},
  ) {
    this.signer = new CadesP12Signer(p12, passphrase);
    this.commonName = String(forge.pki.certificateFromAsn1(asn1.fromDer(p12ToCert(p12, passphrase))).subject.getField('CN')?.value ?? 'Penandatangan');
  }

  async sign(pdf: Buffer): Promise<Buffer> {
    const withPlaceholder = plainAddPlaceholder({
      pdfBuffer: pdf,
      reason: this.options.reason ?? 'Dokumen resmi Sistem Informasi Dana Kelurahan',
      location: this.options.location ?? '',
      contactInfo: this.options.contactInfo ?? '',
      name: this.commonName,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      signatureLength: 8192,
    });
    return new SignPdf().sign(withPlaceholder, this.signer);
  }
}

function p12ToCert(p12: Buffer, passphrase: string): string {
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(p12.toString('binary')), false, passphrase);
  const cert = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]?.[0]?.cert;
  if (!cert) throw new Error('PKCS#12 holds no certificate');
  return asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
}
