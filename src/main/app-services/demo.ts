import { LocalizedError } from '../../shared/i18n/index.ts';
import type { demoChannels } from '../../shared/ipc/areas/demo.ts';
import { demoCompany } from '../demo/demo-bank.ts';
import { demoFor, type DemoSetup } from '../demo/index.ts';
import type { AreaHandlers, ServiceContext } from './context.ts';

/**
 * The demo setup's channels. `demo.info` answers in and out of the demo (the banner asks it on
 * every screen); everything else is refused outside the demo.
 */
export function demoHandlers({ client }: ServiceContext): AreaHandlers<typeof demoChannels> {
  const demo = (): DemoSetup => {
    const setup = demoFor(client.dataDir);
    if (!setup) throw new LocalizedError('demo.off');
    return setup;
  };
  return {
    'demo.info': () => {
      const setup = demoFor(client.dataDir);
      if (!setup) return { active: false as const };
      const company = demoCompany(setup.bank);
      const tokenFor = new Map(setup.tokens.map((tk) => [tk.role as string, tk.label]));
      return {
        active: true as const,
        bankUrl: setup.bankUrl,
        ...(company ? { company: { name: company.name, inn: company.inn } } : {}),
        tokens: setup.tokens.map(({ label, serial, pin, soPin, role }) => ({ label, serial, pin, soPin, role })),
        ...(setup.noTokens ? { noTokens: setup.noTokens.reason } : {}),
        people: (company?.people ?? []).map((p) => ({ ...p, ...(tokenFor.has(p.role) ? { token: tokenFor.get(p.role)! } : {}) })),
        autoApprove: true,
      };
    },
    'demo.totp': ({ userId }) => {
      const setup = demo();
      const person = demoCompany(setup.bank)?.people.find((p) => p.userId === userId);
      if (!person) throw new LocalizedError('demo.unknown-person', { id: userId });
      if (person.totpWaitSeconds !== undefined) throw new LocalizedError('demo.code-wait', { name: person.name, seconds: person.totpWaitSeconds });
      if (!person.totp) throw new LocalizedError('demo.not-enrolled', { name: person.name });
      return person.totp;
    },
  };
}
