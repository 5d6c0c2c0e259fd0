import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import forge from 'node-forge';

/** A self-signed certificate and its key as a PKCS#12 file, made on the spot for the signing tests. */
export function selfSignedP12(passphrase: string, commonName = 'Camat Uji Coba'): Buffer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey((key as forge.pki.rsa.PrivateKey).n, (key as forge.pki.rsa.PrivateKey).e);
  cert.serialNumber = '01a2b3c4';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2030-01-01T00:00:00Z');
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Pemerintah Kota Malang (uji)' },
    { name: 'countryName', value: 'ID' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(key as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

export interface SignatureCheck {
  subFilter: string | null;
  /** The CMS message digest equals SHA-256 of the bytes the /ByteRange covers. */
  digestMatches: boolean;
  /** The RSA signature over the signed attributes verifies with the embedded certificate's key. */
  signatureValid: boolean;
  /** ESS signing-certificate-v2 (required by PAdES baseline) present. */
  hasSigningCertificateV2: boolean;
  signerCommonName: string | null;
}

/** Reads the (last) PDF signature and checks it the way a validator would, with node-forge and node:crypto. */
export function checkPdfSignature(pdf: Buffer): SignatureCheck {
  const latin = pdf.toString('latin1');
  const ranges = [...latin.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].pop();
  if (!ranges) throw new Error('no /ByteRange in the PDF');
  const [a, b, c, d] = ranges.slice(1).map(Number);
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  // The placeholder is zero-padded: parse one DER value and ignore what follows it.
  const hex = latin.slice(a + b + 1, c - 1);
  const cms = forge.asn1.fromDer(forge.util.hexToBytes(hex), { strict: false, parseAllBytes: false } as never);
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(latin)?.[1] ?? null;

  // ContentInfo → [0] SignedData → fields; certificates [0], signerInfos the last SET.
  const signedData = (cms.value as forge.asn1.Asn1[])[1].value[0] as forge.asn1.Asn1;
  const parts = signedData.value as forge.asn1.Asn1[];
  const certNode = (parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0)!.value as forge.asn1.Asn1[])[0];
  const cert = forge.pki.certificateFromAsn1(certNode);
  const signerInfo = (parts[parts.length - 1].value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[];
  const attrsNode = signerInfo.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0)!;
  const signature = Buffer.from(signerInfo[signerInfo.length - 1].value as string, 'binary');
  const attrs = (attrsNode.value as forge.asn1.Asn1[]).map((attr) => {
    const [type, values] = attr.value as forge.asn1.Asn1[];
    return { oid: forge.asn1.derToOid(type.value as string), value: (values.value as forge.asn1.Asn1[])[0] };
  });
  const digest = attrs.find((x) => x.oid === '1.2.840.113549.1.9.4');
  const digestMatches = !!digest && Buffer.from(digest.value.value as string, 'binary').equals(createHash('sha256').update(signed).digest());
  // The signature covers the attributes DER-encoded as a SET (tag 0x31), not as the stored [0].
  const asSet = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, attrsNode.value as forge.asn1.Asn1[]);
  const toVerify = Buffer.from(forge.asn1.toDer(asSet).getBytes(), 'binary');
  const publicKey = createPublicKey(forge.pki.publicKeyToPem(cert.publicKey));
  return {
    subFilter,
    digestMatches,
    signatureValid: verify('sha256', toVerify, publicKey, signature),
    hasSigningCertificateV2: attrs.some((x) => x.oid === '1.2.840.113549.1.9.16.2.47'),
    signerCommonName: (cert.subject.getField('CN')?.value as string) ?? null,
  };
}
