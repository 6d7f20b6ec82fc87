/** Words of the recall of a sent document ("Отзыв документа") on its card. */
import type { Entry } from '../entry.ts';

export const recallUiMessages = {
  'ui.recall.button': { en: () => 'Recall', ru: () => 'Отозвать' },
  'ui.recall.title': { en: () => 'Recall the document?', ru: () => 'Отозвать документ?' },
  'ui.recall.text': {
    en: (p) => `A recall request for ${p.name} goes to the bank, signed with your key. The bank recalls the document if it has not executed it yet.`,
    ru: (p) => `В банк уйдёт запрос на отзыв документа ${p.name}, подписанный вашим ключом. Банк отзовёт документ, если ещё не исполнил его.`,
  },
  'ui.recall.reason': { en: () => 'Reason for the recall', ru: () => 'Причина отзыва' },
  'ui.recall.reason-missing': { en: () => 'Give the reason for the recall.', ru: () => 'Укажите причину отзыва.' },
  'ui.recall.next': { en: () => 'Continue', ru: () => 'Далее' },
  'ui.recall.pin-title': { en: () => 'Sign the recall request', ru: () => 'Подпишите запрос на отзыв' },
  'ui.recall.pin-submit': { en: () => 'Sign and recall', ru: () => 'Подписать и отозвать' },
  'ui.recall.pin-text': { en: (p) => `Reason: ${p.reason}`, ru: (p) => `Причина: ${p.reason}` },
  'ui.recall.no-token': { en: () => 'Insert the token with your key to sign the recall request.', ru: () => 'Вставьте токен с вашим ключом, чтобы подписать запрос на отзыв.' },
  'ui.recall.heading': { en: () => 'Recall request', ru: () => 'Запрос на отзыв' },
  'ui.recall.status.accepted': { en: () => 'Recall request: accepted by the bank', ru: () => 'Запрос на отзыв: принят банком' },
  'ui.recall.status.refused': { en: (p) => `Recall request: refused by the bank: ${p.reason}`, ru: (p) => `Запрос на отзыв: банк отказал: ${p.reason}` },
  'ui.recall.status.too-late': {
    en: (p) => `Recall request: refused by the bank: too late, the document is ${p.status}`,
    ru: (p) => `Запрос на отзыв: банк отказал: поздно, документ уже в статусе «${p.status}»`,
  },
  'ui.recall.bank-reason': { en: (p) => `The bank's words: ${p.reason}`, ru: (p) => `Ответ банка: ${p.reason}` },
  'ui.recall.status.pending': { en: () => 'Recall request: signed, no answer from the bank yet; recall again to send it', ru: () => 'Запрос на отзыв: подписан, ответа банка ещё нет; нажмите «Отозвать», чтобы отправить его снова' },
  // an accepted answer without the bank's receipt (the answer is not signed, the receipt is)
  'ui.recall.status.unconfirmed': {
    en: () => "Recall request: the bank's answer says accepted, but no receipt from the bank recalls the document yet; recall again to send the same request",
    ru: () => 'Запрос на отзыв: банк ответил, что принял его, но квитанции банка об отзыве документа ещё нет; нажмите «Отозвать», чтобы отправить тот же запрос снова',
  },
  'ui.recall.status.overtaken': {
    en: (p) => `Recall request: the bank's answer said accepted, but by the bank's receipt the document is ${p.status}`,
    ru: (p) => `Запрос на отзыв: банк ответил, что принял его, но по квитанции банка документ в статусе «${p.status}»`,
  },
  'ui.recall.asked': { en: (p) => `Asked ${p.at}, reason: ${p.reason}`, ru: (p) => `Запрошен ${p.at}, причина: ${p.reason}` },
} satisfies Record<string, Entry>;
