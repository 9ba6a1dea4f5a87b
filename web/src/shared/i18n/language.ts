/** The languages the pages speak. */
export type Language = 'ko' | 'en';

/** Korean for a browser that prefers Korean before English, else English. */
export function languageOf(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'ko') return 'ko';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

/** The language of this browser (navigator.languages, else navigator.language). */
export function browserLanguage(): Language {
  return languageOf(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}
