import { describe, expect, it } from 'vitest';
import { otpauthForBank } from '../../src/main/enrollment/otpauth.ts';

describe('otpauthForBank', () => {
  it('names the bank as issuer and label prefix, keeps the account, the secret and the code parameters', () => {
    const uri = otpauthForBank('otpauth://totp/Bank%20Client%20Sandbox:Ivan%20Petrov?secret=OLD&issuer=Bank%20Client%20Sandbox&digits=8&period=60&algorithm=SHA256', 'JBSWY3DPEHPK3PXP', 'АО «Банк»');
    const u = new URL(uri);
    expect(u.protocol).toBe('otpauth:');
    expect(decodeURIComponent(u.pathname)).toBe('/АО «Банк»:Ivan Petrov');
    expect(u.searchParams.get('issuer')).toBe('АО «Банк»');
    expect(u.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect([u.searchParams.get('digits'), u.searchParams.get('period'), u.searchParams.get('algorithm')]).toEqual(['8', '60', 'SHA256']);
    expect(uri).not.toContain('+');
  });

  it('makes a link from the secret alone when the bank sent no readable one', () => {
    const u = new URL(otpauthForBank('not a uri', 'ABC', 'Sandbox Bank'));
    expect(decodeURIComponent(u.pathname)).toBe('/Sandbox Bank:Sandbox Bank');
    expect(u.searchParams.get('secret')).toBe('ABC');
  });
});
