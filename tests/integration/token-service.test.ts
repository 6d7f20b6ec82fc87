import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../src/main/tokens/token-service.ts';
import { verifyDetached } from '../../src/crypto/cms/verify.ts';
import { SoftHsm, SOFTHSM_MODULE, type TestToken } from '../helpers/softhsm.ts';
import { TestCa } from '../helpers/openssl.ts';
import { derOf, readCertificates } from '../../src/crypto/x509/certificate.ts';

let hsm: SoftHsm;
let token: TestToken;
let ca: TestCa;
let service: TokenService;

beforeAll(async () => {
  hsm = new SoftHsm('service');
  token = hsm.initTestToken('Signer', '246810', '13579135');
  ca = new TestCa(hsm.dir);
  service = new TokenService(SOFTHSM_MODULE);
  await service.generateKey('Signer', token.pin, 'ec-p256', 'renewed');
  const csr = await service.createCsr('Signer', token.pin, 'renewed', 'CN=Renewed Signer,O=ООО Ромашка,C=RU');
  writeFileSync(join(hsm.dir, 'renewed.csr'), csr.pem);
});
afterAll(() => hsm.cleanup());

describe('the token service', () => {
  it('checks every PIN even while another call is logged in, and does not end that call\'s login', async () => {
    let inside: Promise<unknown> | undefined;
    const long = service.withSession('Signer', token.pin, async () => {
      // while logged in here, another caller tries a wrong PIN
      inside = service.listKeys('Signer', '000000');
      await new Promise((r) => setTimeout(r, 100));
      return service.module.listTokens().length;
    });
    await expect(long).resolves.toBe(1);
    await expect(inside).rejects.toMatchObject({ code: 'pin.incorrect' });
    await expect(service.listKeys('Signer', token.pin)).resolves.toHaveLength(1);
  });

  it('zeroes the PIN buffers it is given, also when the token is not found', async () => {
    const pin = Buffer.from(token.pin);
    await expect(service.listKeys('Nobody', pin)).rejects.toMatchObject({ code: 'token.not-found' });
    expect(pin.every((b) => b === 0)).toBe(true);
  });

  it('signs with the certificate valid now when a renewal left an expired one beside it', async () => {
    const csr = join(hsm.dir, 'renewed.csr');
    await ca.issueBetween(csr, join(hsm.dir, 'old.pem'), new Date('2024-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    await service.importCertificateFile('Signer', token.pin, join(hsm.dir, 'old.pem'));
    await expect(service.sign('Signer', token.pin, 'renewed', Buffer.from('x'))).rejects.toThrow(
      'No certificate of key "renewed" is valid now; the latest was valid from 01.01.2024 to 01.01.2025. Renew it.',
    );
    const now = Date.now();
    await ca.issueBetween(csr, join(hsm.dir, 'new.pem'), new Date(now - 86_400_000), new Date(now + 365 * 86_400_000));
    await service.importCertificateFile('Signer', token.pin, join(hsm.dir, 'new.pem'));
    const content = Buffer.from('Платёжное поручение № 5');
    const sig = await service.sign('Signer', token.pin, 'renewed', content);
    const report = await verifyDetached(content, sig, [derOf(readCertificates(readFileSync(ca.cert), 'ca')[0]!)]);
    expect(report.ok).toBe(true);
    const newSerial = readCertificates(readFileSync(join(hsm.dir, 'new.pem')), 'new')[0]!.serialNumber;
    expect(report.signers[0]!.serialNumber).toBe(newSerial);
    const [key] = await service.listKeys('Signer', token.pin);
    expect(key!.certificate?.serialNumber).toBe(newSerial);
  });
});
