/**
 * Hostile text a translator (or a corpus) could type, shared by the mutation fuzzer and the
 * hostile-target corpus. Every payload that would run does something a test can see: it opens a
 * dialog (`alert`), sets `window.__pwned`, or leaves an element or attribute named `pwned`
 * (`<x-pwned>`, `data-pwned`). A page that shows any of them as text is fine; a page where one
 * became an element, an attribute, a live URL or ran is an escape.
 */

/** Payloads for text: targets, titles, descriptions, props, alt text, link titles, table cells. */
export const TEXT_PAYLOADS: readonly string[] = [
  '<script>alert("pwned-1")</script>',
  '</title><script>alert("pwned-2")</script>',
  '<img src=x onerror="alert(\'pwned-3\')" data-pwned>',
  '"><img src=x onerror=alert(4) data-pwned>',
  "'><svg onload=alert(5) data-pwned>",
  '<x-pwned>6</x-pwned>',
  '[click](javascript:alert(7))',
  '[click](JaVaScRiPt:window.__pwned=8)',
  '<a href="javascript:alert(9)" data-pwned>nine</a>',
  '![x](x "a\\" onerror=\\"alert(10)")',
  '{alert(11)}',
  '{process.getBuiltinModule("node:fs").writeFileSync("/tmp/pwned-12", "x")}',
  'import fs from "node:fs"; export const pwned = 13;',
  '\nimport x from "./pwned.js"\n',
  '<Card title="pwned" data-pwned />',
  '<span data-x={alert(14)} data-pwned />',
  '`` {alert(15)} ``',
  '```\n<script>alert(16)</script>\n```',
  '<style>body{background:url(javascript:alert(17))}</style>',
  '<iframe src="javascript:alert(18)" data-pwned></iframe>',
  '<details open ontoggle=alert(19) data-pwned>',
  '&lt;script&gt;alert(20)&lt;/script&gt;',
  '<!-- --><script>alert(21)</script>',
  ']]><script>alert(22)</script>',
  '<math><mi xlink:href="javascript:alert(23)">x</mi></math>',
  '<form action="javascript:alert(24)"><button data-pwned>go</button></form>',
  '**bold** <b onmouseover=alert(25) data-pwned>hover</b>',
  '${alert(26)}',
  '</span><script>alert(27)</script><span>',
  '"}; alert(28); //',
  '\n---\ntitle: <script>alert(29)</script>\n---\n',
  '> [!NOTE]\n> <script>alert(30)</script>',
  '| a | <img src=x onerror=alert(31) data-pwned> |',
  '# <script>alert(32)</script>',
  ':::image type="content" source="javascript:alert(33)" alt-text="x":::',
  '[!include[x](../../../../etc/passwd)]',
  '<object data="javascript:alert(34)" data-pwned></object>',
  '<base href="javascript:alert(35)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(36)">',
  '<a href="&#106;avascript:alert(37)" data-pwned>x</a>',
  '[x](&#106;avascript:alert(38))',
  '<https://example.com/"onmouseover="alert(39)>',
  '<img src="x" alt="`" onerror="alert(40)" data-pwned>',
  '\u202e<script>alert(41)</script>',
  '{/* */}{alert(42)}',
  '<svg><script>alert(43)</script></svg>',
  '<video><source onerror="alert(44)" data-pwned></video>',
  '<body onload=alert(45)>',
  '<input autofocus onfocus=alert(46) data-pwned>',
  '<link rel=import href="data:text/html,<script>alert(47)</script>">',
];

/** Payloads for the original data of an inline code (1.2 `ph`/`bpt` content, 2.1 `<data>`). */
export const CODE_DATA_PAYLOADS: readonly string[] = [
  '<script>alert("code-1")</script>',
  '<img src=x onerror=alert("code-2") data-pwned>',
  '`\n\n<span data-x={process.getBuiltinModule("node:fs").writeFileSync("/tmp/pwned-code-3","x")} />\n\n`',
  '{alert("code-4")}',
  '[x](javascript:alert("code-5"))',
  '\n\nimport fs from "node:fs"\n\n',
  '<x-pwned data-pwned>code-7</x-pwned>',
  '</a><svg onload=alert("code-8")>',
  '``\n\n<script>alert("code-9")</script>\n\n``',
  '<a href="javascript:alert(\'code-10\')">',
];

/** Values for attributes a mutation rewrites. */
export const PATH_PAYLOADS: readonly string[] = [
  '../../x',
  '../../../../../../etc/passwd',
  '/etc/passwd',
  '..\\..\\x',
  'a/../../../../b',
  '%2e%2e/%2e%2e/x',
  'C:\\Windows\\win.ini',
  'file:///etc/passwd',
  '\u0000nul',
  '',
];

export const LOCALE_PAYLOADS: readonly string[] = ['../../x', '../../../../tmp/pwned', 'ru-RU/../../x', 'xx', '', 'ru_RU', '/abs', 'de-DE\u0000', 'ru-ru.2019'];
