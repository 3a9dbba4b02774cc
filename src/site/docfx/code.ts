/**
 * Code fence languages as DocFX writes them (`azurepowershell-interactive`, `PowerShell`,
 * `Output`) mapped to names the highlighter (Shiki, via Expressive Code) knows; an unknown one
 * becomes plain text, so no block falls back with a warning.
 */
import type { Root } from 'mdast';
import { bundledLanguages } from 'shiki/langs';
import { visitType } from '../mdast-visit.ts';

const ALIASES: Record<string, string> = {
  'azurepowershell-interactive': 'powershell',
  azurepowershell: 'powershell',
  'azurecli-interactive': 'bash',
  azurecli: 'bash',
  console: 'sh',
  cli: 'sh',
  cmd: 'bat',
  output: 'txt',
  text: 'txt',
  http: 'http',
  kusto: 'kql',
  csharp: 'csharp',
  'c#': 'csharp',
  vb: 'vb',
  'vb.net': 'vb',
};

/** The highlighter's name for a fence language; `txt` for one it does not know. */
export function codeLanguage(lang: string): string {
  const lower = lang.toLowerCase();
  const name = ALIASES[lower] ?? lower;
  return name in bundledLanguages ? name : 'txt';
}

export function remarkDocfxCode() {
  return (tree: Root) => {
    visitType(tree, 'code', (node) => {
      if (node.lang) node.lang = codeLanguage(node.lang);
    });
  };
}
