/**
 * GOST R 34.10-2012 elliptic-curve parameter sets: the curves banks' tokens use, plus the two test
 * curves of the standard's Appendix A (for its worked examples only; never offered for keys).
 *
 * Every set is the short Weierstrass curve y² = x³ + a·x + b over GF(p) with the base point
 * P = (x, y) of prime order q. The constants were read from two independent sources and agree:
 * OpenSSL gost-engine (gost_params.c, R3410_2001_paramset / R3410_2012_512_paramset) and pygost
 * (gost3410.py, CURVES); they are the values published in RFC 4357 (CryptoPro A/B/C and the
 * 2001 test set), RFC 7836's appendix (TC26 256-A, 512-A/B/C) and GOST R 34.10-2012 Appendix A
 * (test curves). The section numbers are not quoted because the RFC texts were not at hand. The unit tests check
 * each set: p and q odd of the stated size, P on the curve, q·P = O, and for the twisted Edwards
 * sets that (e, d) map to (a, b).
 *
 * OIDs: RFC 4357 (id-GostR3410-2001-*-ParamSet), RFC 7836 and RFC 9215 (id-tc26-*); the same
 * OIDs are in gost-engine's objects and pygost. TC26 256-B/C/D are the CryptoPro A/B/C curves
 * under new OIDs, and the CryptoPro XchA/XchB key-exchange sets are the A and C curves (both
 * engines alias them so).
 */

export interface GostCurve {
  /** Our name for the set: what the CLI's `gost2012-256:paramset` and logs show. */
  readonly name: GostCurveName;
  /** The OID a certificate or PKCS#11 CKA_GOSTR3410_PARAMS names this set by (the primary one). */
  readonly oid: string;
  /** 256 or 512: which GOST R 34.10-2012 key length (and Streebog digest length) goes with it. */
  readonly bits: 256 | 512;
  /** Bytes of one coordinate / one of r, s in encodings: 32 or 64. */
  readonly size: 32 | 64;
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  /** Order of the base point's subgroup (called q in the standard). */
  readonly q: bigint;
  /** Group order / q: 1, or 4 for the twisted Edwards sets. */
  readonly cofactor: bigint;
  readonly x: bigint;
  readonly y: bigint;
  /** For the sets defined as twisted Edwards curves e·u² + v² = 1 + d·u²·v² (RFC 7836). */
  readonly edwards?: { readonly e: bigint; readonly d: bigint };
  /** True for the standard's example curves: fine for test vectors, never for real keys. */
  readonly testOnly: boolean;
}

export type GostCurveName =
  | 'test-256'
  | 'cryptopro-a'
  | 'cryptopro-b'
  | 'cryptopro-c'
  | 'tc26-256-a'
  | 'test-512'
  | 'tc26-512-a'
  | 'tc26-512-b'
  | 'tc26-512-c';

const h = (hex: string): bigint => BigInt(`0x${hex}`);

/** GOST R 34.10-2012 Appendix A.1's curve (also id-GostR3410-2001-TestParamSet, RFC 4357). */
const TEST_256: GostCurve = {
  name: 'test-256',
  oid: '1.2.643.2.2.35.0',
  bits: 256,
  size: 32,
  p: h('8000000000000000000000000000000000000000000000000000000000000431'),
  a: 7n,
  b: h('5FBFF498AA938CE739B8E022FBAFEF40563F6E6A3472FC2A514C0CE9DAE23B7E'),
  q: h('8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3'),
  cofactor: 1n,
  x: 2n,
  y: h('08E2A8A0E65147D4BD6316030E16D19C85C97F0A9CA267122B96ABBCEA7E8FC8'),
  testOnly: true,
};

const CRYPTOPRO_A: GostCurve = {
  name: 'cryptopro-a',
  oid: '1.2.643.2.2.35.1',
  bits: 256,
  size: 32,
  p: h('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97'),
  a: h('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD94'),
  b: 0xa6n,
  q: h('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893'),
  cofactor: 1n,
  x: 1n,
  y: h('8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14'),
  testOnly: false,
};

const CRYPTOPRO_B: GostCurve = {
  name: 'cryptopro-b',
  oid: '1.2.643.2.2.35.2',
  bits: 256,
  size: 32,
  p: h('8000000000000000000000000000000000000000000000000000000000000C99'),
  a: h('8000000000000000000000000000000000000000000000000000000000000C96'),
  b: h('3E1AF419A269A5F866A7D3C25C3DF80AE979259373FF2B182F49D4CE7E1BBC8B'),
  q: h('800000000000000000000000000000015F700CFFF1A624E5E497161BCC8A198F'),
  cofactor: 1n,
  x: 1n,
  y: h('3FA8124359F96680B83D1C3EB2C070E5C545C9858D03ECFB744BF8D717717EFC'),
  testOnly: false,
};

const CRYPTOPRO_C: GostCurve = {
  name: 'cryptopro-c',
  oid: '1.2.643.2.2.35.3',
  bits: 256,
  size: 32,
  p: h('9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D759B'),
  a: h('9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D7598'),
  b: 0x805an,
  q: h('9B9F605F5A858107AB1EC85E6B41C8AA582CA3511EDDFB74F02F3A6598980BB9'),
  cofactor: 1n,
  x: 0n,
  y: h('41ECE55743711A8C3CBF3783CD08C0EE4D4DC440D4641A8F366E550DFDB3BB67'),
  testOnly: false,
};

/** id-tc26-gost-3410-2012-256-paramSetA: a twisted Edwards curve, used here in Weierstrass form. */
const TC26_256_A: GostCurve = {
  name: 'tc26-256-a',
  oid: '1.2.643.7.1.2.1.1.1',
  bits: 256,
  size: 32,
  p: h('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97'),
  a: h('C2173F1513981673AF4892C23035A27CE25E2013BF95AA33B22C656F277E7335'),
  b: h('295F9BAE7428ED9CCC20E7C359A9D41A22FCCD9108E17BF7BA9337A6F8AE9513'),
  q: h('400000000000000000000000000000000FD8CDDFC87B6635C115AF556C360C67'),
  cofactor: 4n,
  x: h('91E38443A5E82C0D880923425712B2BB658B9196932E02C78B2582FE742DAA28'),
  y: h('32879423AB1A0375895786C4BB46E9565FDE0B5344766740AF268ADB32322E5C'),
  edwards: { e: 1n, d: h('0605F6B7C183FA81578BC39CFAD518132B9DF62897009AF7E522C32D6DC7BFFB') },
  testOnly: false,
};

/** GOST R 34.10-2012 Appendix A.2's curve (id-tc26-gost-3410-2012-512-paramSetTest). */
const TEST_512: GostCurve = {
  name: 'test-512',
  oid: '1.2.643.7.1.2.1.2.0',
  bits: 512,
  size: 64,
  p: h(
    '4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15D' +
      'F1D852741AF4704A0458047E80E4546D35B8336FAC224DD81664BBF528BE6373',
  ),
  a: 7n,
  b: h(
    '1CFF0806A31116DA29D8CFA54E57EB748BC5F377E49400FDD788B649ECA1AC43' +
      '61834013B2AD7322480A89CA58E0CF74BC9E540C2ADD6897FAD0A3084F302ADC',
  ),
  q: h(
    '4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15D' +
      'A82F2D7ECB1DBAC719905C5EECC423F1D86E25EDBE23C595D644AAF187E6E6DF',
  ),
  cofactor: 1n,
  x: h(
    '24D19CC64572EE30F396BF6EBBFD7A6C5213B3B3D7057CC825F91093A68CD762' +
      'FD60611262CD838DC6B60AA7EEE804E28BC849977FAC33B4B530F1B120248A9A',
  ),
  y: h(
    '2BB312A43BD2CE6E0D020613C857ACDDCFBF061E91E5F2C3F32447C259F39B2C' +
      '83AB156D77F1496BF7EB3351E1EE4E43DC1A18B91B24640B6DBB92CB1ADD371E',
  ),
  testOnly: true,
};

const P512 = h(
  'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7',
);

const TC26_512_A: GostCurve = {
  name: 'tc26-512-a',
  oid: '1.2.643.7.1.2.1.2.1',
  bits: 512,
  size: 64,
  p: P512,
  a: P512 - 3n,
  b: h(
    'E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265' +
      'EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760',
  ),
  q: h(
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
      '27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275',
  ),
  cofactor: 1n,
  x: 3n,
  y: h(
    '7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921' +
      'DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4',
  ),
  testOnly: false,
};

const TC26_512_B: GostCurve = {
  name: 'tc26-512-b',
  oid: '1.2.643.7.1.2.1.2.2',
  bits: 512,
  size: 64,
  p: h(
    '8000000000000000000000000000000000000000000000000000000000000000' +
      '000000000000000000000000000000000000000000000000000000000000006F',
  ),
  a: h(
    '8000000000000000000000000000000000000000000000000000000000000000' +
      '000000000000000000000000000000000000000000000000000000000000006C',
  ),
  b: h(
    '687D1B459DC841457E3E06CF6F5E2517B97C7D614AF138BCBF85DC806C4B289F' +
      '3E965D2DB1416D217F8B276FAD1AB69C50F78BEE1FA3106EFB8CCBC7C5140116',
  ),
  q: h(
    '8000000000000000000000000000000000000000000000000000000000000001' +
      '49A1EC142565A545ACFDB77BD9D40CFA8B996712101BEA0EC6346C54374F25BD',
  ),
  cofactor: 1n,
  x: 2n,
  y: h(
    '1A8F7EDA389B094C2C071E3647A8940F3C123B697578C213BE6DD9E6C8EC7335' +
      'DCB228FD1EDF4A39152CBCAAF8C0398828041055F94CEEEC7E21340780FE41BD',
  ),
  testOnly: false,
};

/** id-tc26-gost-3410-2012-512-paramSetC: twisted Edwards, used here in Weierstrass form. */
const TC26_512_C: GostCurve = {
  name: 'tc26-512-c',
  oid: '1.2.643.7.1.2.1.2.3',
  bits: 512,
  size: 64,
  p: P512,
  a: h(
    'DC9203E514A721875485A529D2C722FB187BC8980EB866644DE41C68E1430645' +
      '46E861C0E2C9EDD92ADE71F46FCF50FF2AD97F951FDA9F2A2EB6546F39689BD3',
  ),
  b: h(
    'B4C4EE28CEBC6C2C8AC12952CF37F16AC7EFB6A9F69F4B57FFDA2E4F0DE5ADE0' +
      '38CBC2FFF719D2C18DE0284B8BFEF3B52B8CC7A5F5BF0A3C8D2319A5312557E1',
  ),
  q: h(
    '3FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' +
      'C98CDBA46506AB004C33A9FF5147502CC8EDA9E7A769A12694623CEF47F023ED',
  ),
  cofactor: 4n,
  x: h(
    'E2E31EDFC23DE7BDEBE241CE593EF5DE2295B7A9CBAEF021D385F7074CEA043A' +
      'A27272A7AE602BF2A7B9033DB9ED3610C6FB85487EAE97AAC5BC7928C1950148',
  ),
  y: h(
    'F5CE40D95B5EB899ABBCCFF5911CB8577939804D6527378B8C108C3D2090FF9B' +
      'E18E2D33E3021ED2EF32D85822423B6304F726AA854BAE07D0396E9A9ADDC40F',
  ),
  edwards: {
    e: 1n,
    d: h(
      '9E4F5D8C017D8D9F13A5CF3CDF5BFE4DAB402D54198E31EBDE28A0621050439C' +
        'A6B39E0A515C06B304E2CE43E79E369E91A0CFC2BC2A22B4CA302DBB33EE7550',
    ),
  },
  testOnly: false,
};

/** Every set, by our name. */
export const GOST_CURVES: Readonly<Record<GostCurveName, GostCurve>> = {
  'test-256': TEST_256,
  'cryptopro-a': CRYPTOPRO_A,
  'cryptopro-b': CRYPTOPRO_B,
  'cryptopro-c': CRYPTOPRO_C,
  'tc26-256-a': TC26_256_A,
  'test-512': TEST_512,
  'tc26-512-a': TC26_512_A,
  'tc26-512-b': TC26_512_B,
  'tc26-512-c': TC26_512_C,
};

/** The sets a bank's key may use (the list: CryptoPro A/B/C, TC26 256-A, TC26 512-A/B/C). */
export const BANK_CURVES: readonly GostCurve[] = Object.values(GOST_CURVES).filter((c) => !c.testOnly);

/**
 * Every OID that names one of these curves, including the aliases: TC26 256-B/C/D (RFC 9215)
 * and CryptoPro XchA/XchB (RFC 4357) are the same curves as CryptoPro A/B/C and A/C.
 */
const BY_OID: ReadonlyMap<string, GostCurve> = new Map<string, GostCurve>([
  ...Object.values(GOST_CURVES).map((c) => [c.oid, c] as const),
  ['1.2.643.7.1.2.1.1.2', CRYPTOPRO_A], // id-tc26-gost-3410-2012-256-paramSetB
  ['1.2.643.7.1.2.1.1.3', CRYPTOPRO_B], // id-tc26-gost-3410-2012-256-paramSetC
  ['1.2.643.7.1.2.1.1.4', CRYPTOPRO_C], // id-tc26-gost-3410-2012-256-paramSetD
  ['1.2.643.2.2.36.0', CRYPTOPRO_A], // id-GostR3410-2001-CryptoPro-XchA-ParamSet
  ['1.2.643.2.2.36.1', CRYPTOPRO_C], // id-GostR3410-2001-CryptoPro-XchB-ParamSet
]);

/** The curve an OID names, or undefined for one we do not know. */
export function gostCurveByOid(oid: string): GostCurve | undefined {
  return BY_OID.get(oid);
}

/** The OIDs that name this curve (primary first). */
export function gostCurveOids(curve: GostCurve): string[] {
  return [...BY_OID].filter(([, c]) => c === curve).map(([oid]) => oid);
}
