/**
 * The string props of JSX components that hold reader-facing text, and so are translated. Only
 * these: any other prop (icons, hrefs, ids, variants) is code and never reaches a translator.
 * Extend this list when a component with prose props is added to the docs.
 */
export const TRANSLATABLE_PROPS: Readonly<Record<string, readonly string[]>> = {
  // Starlight's components
  Aside: ['title'],
  Badge: ['text'],
  Card: ['title'],
  LinkCard: ['title', 'description'],
  LinkButton: ['title'],
  TabItem: ['label'],
  Steps: [],
  FileTree: [],
  // Any component: accessible names and titles are prose.
  '*': ['alt', 'title', 'aria-label', 'label', 'caption'],
};

export function isTranslatableProp(component: string, prop: string): boolean {
  return (TRANSLATABLE_PROPS[component] ?? []).includes(prop) || (TRANSLATABLE_PROPS['*'] ?? []).includes(prop);
}

/**
 * Translatable props that the component writes into the page as HTML, not as text (Starlight's
 * `Card` and `LinkCard` render them with `set:html`): a translation there is escaped as HTML too.
 */
export const HTML_PROPS: Readonly<Record<string, readonly string[]>> = {
  Card: ['title'],
  LinkCard: ['title', 'description'],
};

export function isHtmlProp(component: string, prop: string): boolean {
  return (HTML_PROPS[component] ?? []).includes(prop);
}
