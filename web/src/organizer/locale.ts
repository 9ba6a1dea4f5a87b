import { Format } from '../shared/i18n/format';
import { browserLanguage } from '../shared/i18n/language';
import { ORGANIZER_MESSAGES } from './organizer-messages';

/** The organizer's page speaks the browser's language (Korean or English), chosen once at load. */
export const language = browserLanguage();
export const t = ORGANIZER_MESSAGES[language];
export const format = new Format(language);
