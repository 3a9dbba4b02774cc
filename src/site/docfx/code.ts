/**
 * Code fence languages as DocFX writes them (`azurepowershell-interactive`, `PowerShell`,
 * `Output`) mapped to names the highlighter knows, so no block falls back with a warning.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';

const ALIASES: Record<string, string> = {
  'azurepowershell-interactive': 'powershell',
  azurepowershell: 'powershell',
  'azurecli-interactive': 'bash',
  azurecli: 'bash',
  console: 'sh',
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

export function codeLanguage(lang: string): string {
  const lower = lang.toLowerCase();
  return ALIASES[lower] ?? lower;
}

export function remarkDocfxCode() {
  return (tree: Root) => {
    visit(tree, 'code', (node) => {
      if (node.lang) node.lang = codeLanguage(node.lang);
    });
  };
}
