import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function openssl(args: string[], input?: string | Buffer): string {
  return execFileSync('openssl', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs openssl and returns its exit status and both outputs, for checks that must fail. */
export function opensslStatus(args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/**
 * A test certificate authority made by OpenSSL alone: the independent party that issues our
 * signers' certificates from the CSRs the token signed.
 */
export class TestCa {
  readonly key: string;
  readonly cert: string;
  private serial = 1000;

  constructor(
    readonly dir: string,
    name = 'Test Bank CA',
  ) {
    this.key = join(dir, 'ca.key');
    this.cert = join(dir, 'ca.pem');
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', this.key]);
    openssl([
      'req', '-new', '-x509', '-key', this.key, '-out', this.cert, '-days', '3650', '-subj', `/C=RU/O=Test Bank/CN=${name}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  }

  /** Issues a certificate from a CSR file, copying its extensions (key usage) as a CA would. */
  issue(csrPath: string, out: string, opts: { days?: number; notBefore?: string; keyUsage?: string } = {}): string {
    const ext = join(this.dir, `ext-${this.serial}.cnf`);
    writeFileSync(ext, `keyUsage=critical,${opts.keyUsage ?? 'digitalSignature,nonRepudiation'}\nextendedKeyUsage=emailProtection,clientAuth\n`);
    openssl([
      'x509', '-req', '-in', csrPath, '-CA', this.cert, '-CAkey', this.key, '-out', out, '-days', String(opts.days ?? 365),
      '-set_serial', String(this.serial++), '-extfile', ext, '-sha256',
    ]);
    return out;
  }

  /**
   * Issues a certificate valid between two given dates (OpenSSL 3.0's x509 command cannot
   * backdate), signed with the same CA key through WebCrypto.
   */
  async issueBetween(csrPath: string, out: string, notBefore: Date, notAfter: Date): Promise<string> {
    const crypto = webcrypto as unknown as Crypto;
    const pkcs8 = createPrivateKey(readFileSync(this.key)).export({ type: 'pkcs8', format: 'der' });
    const signingKey = await crypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const csr = new x509.Pkcs10CertificateRequest(readFileSync(csrPath, 'utf8'));
    const ca = new x509.X509Certificate(readFileSync(this.cert, 'utf8'));
    const cert = await x509.X509CertificateGenerator.create(
      {
        serialNumber: (this.serial++).toString(16).padStart(4, '0'),
        subject: csr.subjectName,
        issuer: ca.subjectName,
        notBefore,
        notAfter,
        publicKey: await csr.publicKey.export(crypto),
        signingKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        // key identifiers as OpenSSL's own issue() adds them: RFC 5280 4.2.1.1 and 4.2.1.2, which verifyDetached requires
        extensions: [
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
          await x509.SubjectKeyIdentifierExtension.create(csr.publicKey, false, crypto),
          await x509.AuthorityKeyIdentifierExtension.create(ca.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    writeFileSync(out, cert.toString('pem'));
    return out;
  }
}
