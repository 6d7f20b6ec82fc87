/**
 * The PKCS#11 constants for GOST R 34.10/34.11, in one table: the standard ones of PKCS#11 v2.40
 * (written for GOST R 34.10-2001, and used by the TC26 extension for 2012-256 keys unchanged)
 * and the TC26 vendor extension for GOST R 34.10-2012/34.11-2012 that Rutoken, JaCarta and
 * MS_KEY K implement ("Расширение PKCS#11 для использования российских стандартов ГОСТ Р 34.10-2012
 * и ГОСТ Р 34.11-2012", https://tc26.ru/standarts/perevody/guidelines-the-pkcs-11-extensions-for-implementing-the-gost-r-34-10-2012-and-gost-r-34-11-2012-russian-standards-.html).
 *
 * Each value was read from two independent headers, named in `sources` with the spelling each
 * uses (OpenSC writes `_12_`, p11-kit and the TC26 text `_2012_`):
 *   OpenSC   = OpenSC/OpenSC @14c80b0 — src/pkcs11/pd-pkcs11.h (the public-domain PKCS#11 3.2
 *              header it ships) for the standard values, src/pkcs11/pkcs11.h for TC26;
 *   p11-kit  = p11-glue/p11-kit @a147888 — common/pkcs11.h for the standard values,
 *              common/pkcs11x.h ("Russian PKCS#11 extensions", PR #255) for TC26.
 * The unit test also checks the standard ones against pkcs11js's constants (OASIS's header).
 */

/** CKK_VENDOR_DEFINED | 0x54321000: the base of the TC26 range (NSSCK_VENDOR_PKCS11_RU_TEAM). */
export const NSSCK_VENDOR_PKCS11_RU_TEAM = 0xd4321000;

export type GostConstantKind = 'key-type' | 'attribute' | 'mechanism';

export interface GostConstant {
  value: number;
  kind: GostConstantKind;
  /** 'pkcs11-v2.40' for OASIS's own values, 'tc26' for the vendor extension. */
  origin: 'pkcs11-v2.40' | 'tc26';
  /** Where the value was read, as `header: NAME` (the name as that header spells it). */
  sources: readonly [string, string];
}

const OPENSC_STD = 'OpenSC src/pkcs11/pd-pkcs11.h';
const P11KIT_STD = 'p11-kit common/pkcs11.h';
const OPENSC_TC26 = 'OpenSC src/pkcs11/pkcs11.h';
const P11KIT_TC26 = 'p11-kit common/pkcs11x.h';

const std = (kind: GostConstantKind, value: number, name: string): GostConstant => ({
  value,
  kind,
  origin: 'pkcs11-v2.40',
  sources: [`${OPENSC_STD}: ${name}`, `${P11KIT_STD}: ${name}`],
});
const tc26 = (kind: GostConstantKind, offset: number, openscName: string, p11kitName: string): GostConstant => ({
  value: NSSCK_VENDOR_PKCS11_RU_TEAM + offset,
  kind,
  origin: 'tc26',
  sources: [`${OPENSC_TC26}: ${openscName}`, `${P11KIT_TC26}: ${p11kitName}`],
});

export const GOST = {
  // key types: 2012-256 keys keep the 2001 key type (TC26: CKK_GOSTR3410_256 = CKK_GOSTR3410)
  CKK_GOSTR3410: std('key-type', 0x30, 'CKK_GOSTR3410'),
  CKK_GOSTR3411: std('key-type', 0x31, 'CKK_GOSTR3411'),
  CKK_GOSTR3410_512: tc26('key-type', 0x003, 'CKK_GOSTR3410_512', 'CKK_GOSTR3410_512'),

  // attributes: DER OIDs of the curve parameter set and of the hash (Streebog for 2012 keys)
  CKA_GOSTR3410_PARAMS: std('attribute', 0x250, 'CKA_GOSTR3410_PARAMS'),
  CKA_GOSTR3411_PARAMS: std('attribute', 0x251, 'CKA_GOSTR3411_PARAMS'),

  // standard mechanisms; _WITH_GOSTR3411 hashes with GOST R 34.11-94, so it cannot make 2012 signatures
  CKM_GOSTR3410_KEY_PAIR_GEN: std('mechanism', 0x1200, 'CKM_GOSTR3410_KEY_PAIR_GEN'),
  CKM_GOSTR3410: std('mechanism', 0x1201, 'CKM_GOSTR3410'),
  CKM_GOSTR3410_WITH_GOSTR3411: std('mechanism', 0x1202, 'CKM_GOSTR3410_WITH_GOSTR3411'),
  CKM_GOSTR3410_KEY_WRAP: std('mechanism', 0x1203, 'CKM_GOSTR3410_KEY_WRAP'),
  CKM_GOSTR3410_DERIVE: std('mechanism', 0x1204, 'CKM_GOSTR3410_DERIVE'),
  CKM_GOSTR3411: std('mechanism', 0x1210, 'CKM_GOSTR3411'),
  CKM_GOSTR3411_HMAC: std('mechanism', 0x1211, 'CKM_GOSTR3411_HMAC'),

  // TC26 mechanisms for 2012
  CKM_GOSTR3410_512_KEY_PAIR_GEN: tc26('mechanism', 0x005, 'CKM_GOSTR3410_512_KEY_PAIR_GEN', 'CKM_GOSTR3410_512_KEY_PAIR_GEN'),
  CKM_GOSTR3410_512: tc26('mechanism', 0x006, 'CKM_GOSTR3410_512', 'CKM_GOSTR3410_512'),
  CKM_GOSTR3410_12_DERIVE: tc26('mechanism', 0x007, 'CKM_GOSTR3410_12_DERIVE', 'CKM_GOSTR3410_2012_DERIVE'),
  CKM_GOSTR3410_WITH_GOSTR3411_12_256: tc26('mechanism', 0x008, 'CKM_GOSTR3410_WITH_GOSTR3411_12_256', 'CKM_GOSTR3410_WITH_GOSTR3411_2012_256'),
  CKM_GOSTR3410_WITH_GOSTR3411_12_512: tc26('mechanism', 0x009, 'CKM_GOSTR3410_WITH_GOSTR3411_12_512', 'CKM_GOSTR3410_WITH_GOSTR3411_2012_512'),
  CKM_GOSTR3411_12_256: tc26('mechanism', 0x012, 'CKM_GOSTR3411_12_256', 'CKM_GOSTR3411_2012_256'),
  CKM_GOSTR3411_12_512: tc26('mechanism', 0x013, 'CKM_GOSTR3411_12_512', 'CKM_GOSTR3411_2012_512'),
  CKM_GOSTR3411_12_256_HMAC: tc26('mechanism', 0x014, 'CKM_GOSTR3411_12_256_HMAC', 'CKM_GOSTR3411_2012_256_HMAC'),
  CKM_GOSTR3411_12_512_HMAC: tc26('mechanism', 0x015, 'CKM_GOSTR3411_12_512_HMAC', 'CKM_GOSTR3411_2012_512_HMAC'),
} as const satisfies Record<string, GostConstant>;

export type GostConstantName = keyof typeof GOST;

/** The name of a GOST mechanism number (for errors and listings), or undefined. */
export function gostMechanismName(value: number): GostConstantName | undefined {
  return (Object.keys(GOST) as GostConstantName[]).find((name) => GOST[name].kind === 'mechanism' && GOST[name].value === value);
}

export type GostAlgorithm = 'gost2012-256' | 'gost2012-512';

/** What a token can do for one GOST R 34.10-2012 key size, as mechanism numbers. */
export interface GostOffer {
  algorithm: GostAlgorithm;
  keyType: number;
  keyPairGen: number;
  /** Raw signature over a digest computed here (Streebog), if the token has it. */
  signRaw?: number;
  /** Signature with Streebog on the token, if the token has it. */
  signWithHash?: number;
  /** Streebog on the token, if it has it. */
  digest?: number;
}

/**
 * Which GOST R 34.10-2012 algorithms a token offers, from its C_GetMechanismList: an algorithm
 * counts when the token can both generate its keys and sign with them.
 *   gost2012-256: CKM_GOSTR3410_KEY_PAIR_GEN (the TC26 extension keeps the 2001 mechanism for
 *     256-bit keys), signing with CKM_GOSTR3410 (raw, the same math for 2001 and 2012-256) or
 *     the TC26 CKM_GOSTR3410_WITH_GOSTR3411_12_256. CKM_GOSTR3410_WITH_GOSTR3411 alone does not
 *     count: it hashes with GOST R 34.11-94.
 *   gost2012-512: only through TC26 (CKM_GOSTR3410_512_KEY_PAIR_GEN, and CKM_GOSTR3410_512 or
 *     CKM_GOSTR3410_WITH_GOSTR3411_12_512).
 */
export function gostOffers(mechanisms: readonly number[]): GostOffer[] {
  const has = new Set(mechanisms.map((m) => m >>> 0));
  const pick = (name: GostConstantName): number | undefined => (has.has(GOST[name].value) ? GOST[name].value : undefined);
  const offers: GostOffer[] = [];
  const candidates: [GostAlgorithm, GostConstantName, GostConstantName, GostConstantName, GostConstantName, GostConstantName][] = [
    ['gost2012-256', 'CKK_GOSTR3410', 'CKM_GOSTR3410_KEY_PAIR_GEN', 'CKM_GOSTR3410', 'CKM_GOSTR3410_WITH_GOSTR3411_12_256', 'CKM_GOSTR3411_12_256'],
    ['gost2012-512', 'CKK_GOSTR3410_512', 'CKM_GOSTR3410_512_KEY_PAIR_GEN', 'CKM_GOSTR3410_512', 'CKM_GOSTR3410_WITH_GOSTR3411_12_512', 'CKM_GOSTR3411_12_512'],
  ];
  for (const [algorithm, keyType, gen, raw, withHash, digest] of candidates) {
    const keyPairGen = pick(gen);
    const signRaw = pick(raw);
    const signWithHash = pick(withHash);
    if (keyPairGen === undefined || (signRaw === undefined && signWithHash === undefined)) continue;
    const offer: GostOffer = { algorithm, keyType: GOST[keyType].value, keyPairGen };
    if (signRaw !== undefined) offer.signRaw = signRaw;
    if (signWithHash !== undefined) offer.signWithHash = signWithHash;
    const d = pick(digest);
    if (d !== undefined) offer.digest = d;
    offers.push(offer);
  }
  return offers;
}
