/**
 * The strict path validator with GOST R 34.10-2012 certificates, chains made by OpenSSL's gost
 * engine: a GOST CA (256, CryptoPro-A) over a GOST signer (512, TC26-A) and over an ECDSA signer
 * (mixed chains are ordinary: a GOST bank CA may certify other keys); a tampered signature, a
 * relabelled algorithm and a withdrawn GOST R 34.10-2001 key are refused in words.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { oid } from '../../src/crypto/der.ts';
import { GOST_OID } from '../../src/crypto/gost/asn1.ts';
import { clearPathValidationCaches, checkSignerCertificate, validatePath } from '../../src/crypto/x509/path/index.ts';
import { fromPem } from '../../src/crypto/x509/gost.ts';
import { gostEngineAvailable, NO_GOST_ENGINE, opensslGost as openssl } from '../helpers/gost-openssl.ts';

const dir = mkdtempSync(join(tmpdir(), 'gost-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => clearPathValidationCaches());

const f = (name: string): string => join(dir, name);
const der = (file: string): Buffer => fromPem(openssl(['x509', '-in', file]), 'CERTIFICATE');

function makeChain(): { ca: Buffer; gost512: Buffer; ecdsa: Buffer; gost2001: Buffer } {
  writeFileSync(f('ee.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  openssl(['genpkey', '-engine', 'gost', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:A', '-out', f('ca.key')]);
  openssl(['req', '-x509', '-new', '-engine', 'gost', '-key', f('ca.key'), '-subj', '/CN=GOST path CA/C=RU', '-days', '5', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', f('ca.pem')]);
  const issue = (name: string, genArgs: string[]): Buffer => {
    openssl(['genpkey', '-engine', 'gost', ...genArgs, '-out', f(`${name}.key`)]);
    openssl(['req', '-new', '-engine', 'gost', '-key', f(`${name}.key`), '-subj', `/CN=${name}/C=RU`, '-out', f(`${name}.csr`)]);
    openssl(['x509', '-req', '-engine', 'gost', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-set_serial', String(name.length), '-days', '2', '-extfile', f('ee.ext'), '-out', f(`${name}.pem`)]);
    return der(f(`${name}.pem`));
  };
  return {
    ca: der(f('ca.pem')),
    gost512: issue('gost512', ['-algorithm', 'gost2012_512', '-pkeyopt', 'paramset:A']),
    ecdsa: issue('ecdsa-p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']),
    gost2001: issue('gost-2001', ['-algorithm', 'gost2001', '-pkeyopt', 'paramset:A']),
  };
}

describe('path validation with GOST certificates (OpenSSL-made chains)', () => {
  const chain = gostEngineAvailable ? makeChain() : undefined;
  const need = () => {
    expect(gostEngineAvailable, NO_GOST_ENGINE).toBe(true);
    return chain!;
  };
  const now = new Date();

  it('accepts a GOST 512 signer and an ECDSA signer under a GOST 256 CA, with usage and validity checked', () => {
    const c = need();
    for (const signer of [c.gost512, c.ecdsa]) {
      const r = validatePath({ signer, offered: [], anchors: [c.ca], at: now });
      expect(r.reason).toBeUndefined();
      expect(r.ok).toBe(true);
      expect(r.path).toHaveLength(2);
      expect(checkSignerCertificate({ signer, offered: [], anchors: [c.ca], at: now })).toEqual({ keyUsageOk: true });
    }
    // before the CA existed: not valid at that signing time
    expect(checkSignerCertificate({ signer: c.gost512, offered: [], anchors: [c.ca], at: new Date(now.getTime() - 10 * 86_400_000) }).validity).toBeDefined();
  });

  it('refuses a GOST-signed certificate whose signature bytes were changed', () => {
    const c = need();
    const bad = Buffer.from(c.gost512);
    bad[bad.length - 3]! ^= 0x01;
    const r = validatePath({ signer: bad, offered: [], anchors: [c.ca], at: now });
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/signature does not verify/);
  });

  it('refuses the 512 signature algorithm claimed for a certificate the 256 CA key signed (the key decides, never the label)', () => {
    const c = need();
    const from = oid(GOST_OID.signWithDigest256).toString('hex');
    const to = oid(GOST_OID.signWithDigest512).toString('hex');
    const hex = c.gost512.toString('hex');
    const at = hex.lastIndexOf(from); // the outer signatureAlgorithm, after the TBS
    const outerOnly = Buffer.from(hex.slice(0, at) + to + hex.slice(at + from.length), 'hex');
    const r1 = validatePath({ signer: outerOnly, offered: [], anchors: [c.ca], at: now });
    expect(r1.ok).toBe(false);
    expect(r1.reason).toMatch(/signature algorithm inside the signed part differs from the one outside it/);
    // both labels changed: the algorithm does not fit the CA's 256-bit key, so it is never checked as 512
    const both = Buffer.from(hex.split(from).join(to), 'hex');
    const r2 = validatePath({ signer: both, offered: [], anchors: [c.ca], at: now });
    expect(r2.ok).toBe(false);
    expect(r2.reason).toMatch(/GOST R 34\.10-2012 512 with Streebog-512 does not fit the signer's GOST R 34\.10-2012 256 \(cryptopro-a\) key/);
  });

  it('refuses a GOST R 34.10-2001 key (withdrawn) in words', () => {
    const c = need();
    const r = validatePath({ signer: c.gost2001, offered: [], anchors: [c.ca], at: now });
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/GOST R 34\.10-2001/);
  });
});
