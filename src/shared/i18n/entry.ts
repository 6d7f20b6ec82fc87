/** One message: a function of named parameters per locale, so a translation puts them where its grammar needs them. */
export type Params = Record<string, string | number>;
export type Text = (p: Params) => string;
export interface Entry {
  en: Text;
  ru: Text;
}
