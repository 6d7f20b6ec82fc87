import { execFileSync } from 'node:child_process';
import { SOFTHSM_MODULE, ThrowawaySoftHsm } from '../../src/cli/conformance/softhsm.ts';

export { SOFTHSM_MODULE };

export interface TestToken {
  label: string;
  serial: string;
  pin: string;
  soPin: string;
}

/** The throwaway SoftHSM2 of src/cli/conformance, plus what tests need: default PINs and pkcs11-tool. */
export class SoftHsm extends ThrowawaySoftHsm {
  initTestToken(label: string, pin = '123456', soPin = '87654321'): TestToken {
    return { label, serial: super.initToken(label, pin, soPin), pin, soPin };
  }

  /** pkcs11-tool (OpenSC) as an independent reader of the token. */
  pkcs11Tool(args: string[]): string {
    return execFileSync('pkcs11-tool', ['--module', this.module, ...args], { env: this.env, encoding: 'utf8', stdio: 'pipe' });
  }
}
