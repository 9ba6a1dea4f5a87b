import { Format } from '../shared/i18n/format';
import { browserLanguage } from '../shared/i18n/language';
import { BUYER_MESSAGES } from './buyer-messages';

/** The buyer's page speaks the browser's language (Korean or English), chosen once at load. */
export const language = browserLanguage();
export const t = BUYER_MESSAGES[language];
export const format = new Format(language);
