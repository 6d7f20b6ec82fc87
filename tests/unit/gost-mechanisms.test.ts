import pkcs11 from 'pkcs11js';
import { describe, expect, it } from 'vitest';
import { mechanismName } from '../../src/crypto/pkcs11/mechanisms.ts';
import { GOST as TABLE, type GostConstantName, gostMechanismName, gostOffers, NSSCK_VENDOR_PKCS11_RU_TEAM } from '../../src/crypto/pkcs11/gost-mechanisms.ts';

const hex = (list: string[]): number[] => list.map((h) => Number.parseInt(h, 16));

/**
 * Mechanism lists as tokens report them from C_GetMechanismList, in the order reported.
 * SOFTHSM_GOST and SOFTHSM_DEBIAN were read here through pkcs11js (SoftHSM2 2.6.1 built by
 * scripts/build-softhsm-gost.sh, and Debian bookworm's softhsm2 2.6.1-2.1 built without GOST).
 * RUTOKEN_ECP_2 is the list a Rutoken ECP 2.0 (rtpkcs11ecp) gave PyKCS11's getinfo sample in
 * https://github.com/LudovicRousseau/PyKCS11/issues/28 (vendor values shown there as
 * CKR_VENDOR_DEFINED_543210xx, i.e. 0xD43210xx); the pkcs11-tool listing of a Rutoken ECP
 * (firmware 23.2) quoted in https://github.com/OpenSC/OpenSC/issues/1015 has the same GOST
 * values in the same order, as far as the quote goes.
 */
const SOFTHSM_GOST = hex([
  '1082', '1105', '1085', '108a', '1086', '1081', '1104', '1087', '1080', '2109', '210a', '130', '133', '1103', '136', '138', '132', '1102',
  '131', '122', '1101', '125', '121', '1100', '120', '21', '20', '2001', '11', '10', '2000', '12', '13', '14', '15', '16', '1050', '1041',
  '1055', '1040', '1057', '350', '1201', '1200', '1202', '1210', '1211', '210', '211', '5', '1', '0', '9', 'd', '3', '6', 'e', '255', '256',
  '46', '47', '250', '251', '40', '43', '260', '261', '41', '44', '270', '271', '42', '45', '220', '221',
]);
const SOFTHSM_DEBIAN = SOFTHSM_GOST.filter((m) => m < 0x1200 || m > 0x1211);
const RUTOKEN_ECP_2 = hex([
  '0', '1', '9', '210', '220', '1200', '1201', '1204', 'd4321005', 'd4321006', 'd4321007', '1210', 'd4321012', 'd4321013', '1202', 'd4321008',
  'd4321009', '1224', '1221', '1222', '1220', '1223',
]);

describe('the GOST PKCS#11 table', () => {
  const names = Object.keys(TABLE) as GostConstantName[];

  it('has the standard values pkcs11js has (its constants come from OASIS pkcs11t.h, a third header)', () => {
    const standard = names.filter((n) => TABLE[n].origin === 'pkcs11-v2.40');
    expect(standard.length).toBe(11);
    for (const name of standard) expect([name, TABLE[name].value]).toEqual([name, (pkcs11 as unknown as Record<string, number>)[name]]);
  });

  it('puts every TC26 value in the range CKK_VENDOR_DEFINED | 0x54321000, at the offsets both headers give', () => {
    expect(NSSCK_VENDOR_PKCS11_RU_TEAM).toBe((pkcs11.CKK_VENDOR_DEFINED | 0x54321000) >>> 0);
    const offsets = Object.fromEntries(names.filter((n) => TABLE[n].origin === 'tc26').map((n) => [n, TABLE[n].value - NSSCK_VENDOR_PKCS11_RU_TEAM]));
    expect(offsets).toEqual({
      CKK_GOSTR3410_512: 0x003,
      CKM_GOSTR3410_512_KEY_PAIR_GEN: 0x005,
      CKM_GOSTR3410_512: 0x006,
      CKM_GOSTR3410_12_DERIVE: 0x007,
      CKM_GOSTR3410_WITH_GOSTR3411_12_256: 0x008,
      CKM_GOSTR3410_WITH_GOSTR3411_12_512: 0x009,
      CKM_GOSTR3411_12_256: 0x012,
      CKM_GOSTR3411_12_512: 0x013,
      CKM_GOSTR3411_12_256_HMAC: 0x014,
      CKM_GOSTR3411_12_512_HMAC: 0x015,
    });
    expect(TABLE.CKM_GOSTR3410_WITH_GOSTR3411_12_256.value).toBe(0xd4321008);
  });

  it('names two different headers for each value, the first spelling the table name', () => {
    for (const name of names) {
      const [a, b] = TABLE[name].sources;
      expect(a.split(':')[0]).not.toBe(b.split(':')[0]);
      expect(a.startsWith('OpenSC ')).toBe(true);
      expect(b.startsWith('p11-kit ')).toBe(true);
      expect(a.endsWith(`: ${name}`)).toBe(true);
      expect(b).toMatch(new RegExp(`: ${name.replace('_12_', '_(12|2012)_')}$`));
    }
  });

  it('has no two constants of one kind with the same value', () => {
    for (const kind of ['key-type', 'attribute', 'mechanism'] as const) {
      const values = names.filter((n) => TABLE[n].kind === kind).map((n) => TABLE[n].value);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('names GOST mechanisms in errors, through the one table', () => {
    expect(mechanismName(0xd4321008)).toBe('CKM_GOSTR3410_WITH_GOSTR3411_12_256');
    expect(mechanismName(0x1201)).toBe('CKM_GOSTR3410');
  });

  it('names mechanisms, and only mechanisms', () => {
    expect(gostMechanismName(0xd4321009)).toBe('CKM_GOSTR3410_WITH_GOSTR3411_12_512');
    expect(gostMechanismName(0x1201)).toBe('CKM_GOSTR3410');
    expect(gostMechanismName(0x250)).toBeUndefined(); // CKA_GOSTR3410_PARAMS, not a mechanism (0x250 is also CKM_SHA256)
    expect(gostMechanismName(0xd4321003)).toBeUndefined(); // CKK_GOSTR3410_512
  });
});

describe('gostOffers (which GOST 2012 algorithms a token offers)', () => {
  it('SoftHSM with GOST: 2012-256 through the 2001 mechanisms (raw signing, no hash on the token), no 512', () => {
    expect(gostOffers(SOFTHSM_GOST)).toEqual([{ algorithm: 'gost2012-256', keyType: 0x30, keyPairGen: 0x1200, signRaw: 0x1201 }]);
  });

  it('Debian SoftHSM without GOST: nothing', () => {
    expect(gostOffers(SOFTHSM_DEBIAN)).toEqual([]);
  });

  it('Rutoken ECP 2.0: both sizes, with the TC26 combined mechanisms and Streebog on the token', () => {
    expect(gostOffers(RUTOKEN_ECP_2)).toEqual([
      { algorithm: 'gost2012-256', keyType: 0x30, keyPairGen: 0x1200, signRaw: 0x1201, signWithHash: 0xd4321008, digest: 0xd4321012 },
      { algorithm: 'gost2012-512', keyType: 0xd4321003, keyPairGen: 0xd4321005, signRaw: 0xd4321006, signWithHash: 0xd4321009, digest: 0xd4321013 },
    ]);
  });

  // The cases below are made up, each one mechanism away from a real list.
  it('does not count the 2001 combined mechanism (GOST R 34.11-94 hash) as a 2012 signature', () => {
    expect(gostOffers([0x1200, 0x1202, 0x1210])).toEqual([]);
  });

  it('offers 2012-256 with the TC26 combined mechanism alone', () => {
    expect(gostOffers([0x1200, 0xd4321008])).toEqual([{ algorithm: 'gost2012-256', keyType: 0x30, keyPairGen: 0x1200, signWithHash: 0xd4321008 }]);
  });

  it('needs key generation and a signature for each size', () => {
    expect(gostOffers([0x1201, 0xd4321006, 0xd4321009])).toEqual([]);
    expect(gostOffers([0xd4321005, 0xd4321013])).toEqual([]);
    expect(gostOffers(RUTOKEN_ECP_2.filter((m) => m !== 0xd4321005)).map((o) => o.algorithm)).toEqual(['gost2012-256']);
  });
});
