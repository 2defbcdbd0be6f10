// The site's own words, in each language it publishes; the content comes from the CMS.
const en = {
  menu: "Main menu",
  language: "Language",
  languageName: "English",
  skip: "Skip to content",
  send: "Send message",
  sending: "Sending…",
  failed: "That did not work. Please check the fields or give us a call.",
  required: "required",
  completed: "Completed",
  location: "Location",
  by: "by",
  breadcrumbs: "Breadcrumbs",
  footer: "Legal",
  hours: "Opening hours",
};

export type Words = typeof en;

const de: Words = {
  menu: "Hauptmenü",
  language: "Sprache",
  languageName: "Deutsch",
  skip: "Zum Inhalt springen",
  send: "Nachricht senden",
  sending: "Wird gesendet…",
  failed: "Das hat nicht geklappt. Bitte prüfen Sie die Felder oder rufen Sie uns an.",
  required: "Pflichtfeld",
  completed: "Fertiggestellt",
  location: "Ort",
  by: "von",
  breadcrumbs: "Brotkrumen",
  footer: "Rechtliches",
  hours: "Öffnungszeiten",
};

const words: Record<string, Words> = { de, en };

export function t(locale: string): Words {
  return words[locale] ?? en;
}

export function languageName(locale: string): string {
  return t(locale).languageName;
}

export function formatDate(value: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(value));
}
