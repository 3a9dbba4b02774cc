/**
 * Small queries over the tree of `parseXml`: child elements, attributes by name and namespace,
 * and text content. They take the place of DOM methods we do not have.
 */
import type { XmlAttribute, XmlElement } from './parse.ts';

/** Child elements, optionally only those with a given namespace (and local name). */
export function childElements(element: XmlElement, ns?: string, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    if (ns !== undefined && child.ns !== ns) continue;
    if (name !== undefined && child.name !== name) continue;
    out.push(child);
  }
  return out;
}

/** The attribute with this local name and namespace ('' for an unprefixed one). */
export function attribute(element: XmlElement, name: string, ns = ''): XmlAttribute | undefined {
  return element.attributes.find((a) => a.name === name && a.ns === ns);
}

/** The value of that attribute, or undefined. */
export function attr(element: XmlElement, name: string, ns = ''): string | undefined {
  return attribute(element, name, ns)?.value;
}

/** All character data below the element, in order (as DOM's textContent). */
export function textContent(element: XmlElement): string {
  let out = '';
  for (const child of element.children) out += child.type === 'text' ? child.value : textContent(child);
  return out;
}

/** Whether the element holds only whitespace text (or nothing) besides child elements. */
export function hasOnlyWhitespaceText(element: XmlElement): boolean {
  return element.children.every((c) => c.type === 'element' || /^[ \t\r\n]*$/.test(c.value));
}
