/**
 * Finds interface text written in the code instead of the message catalogs (client/i18n/locales):
 * words between JSX tags, words in the attributes people read or hear (aria-label, title,
 * placeholder, alt, label …), string literals shown as JSX children (`{busy ? 'Saving…' : 'Save'}`)
 * and words given to confirm(), alert() or prompt(). Run by `npm run typecheck` after tsc; prints
 * each place and exits 1 when there is one. Text without letters (✓, ▾, ·, numbers) and the product's
 * name are not words to translate.
 *
 * PENDING lists the files not converted yet: their findings are counted, not failed; a file listed
 * there with nothing left to find fails the run, so the list only shrinks.
 */
import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const root = path.resolve(import.meta.dirname, '../..')
const PENDING = new Set<string>(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'uncataloguedPending.json'), 'utf8')) as string[])
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder', 'title', 'placeholder', 'alt', 'label'])
const DIALOGS = new Set(['confirm', 'alert', 'prompt'])
/** Words that stay as they are in every language. */
const NOT_TRANSLATED = new Set(['Plenary'])

const hasWords = (text: string) => {
  const trimmed = text.trim()
  return /\p{L}/u.test(trimmed) && !NOT_TRANSLATED.has(trimmed)
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'public' || e.name === 'i18n' ? [] : files(full)
    return e.name.endsWith('.tsx') ? [full] : []
  })
}

/** The string literals an expression shows as text: itself, or the branches of `?:`, `&&` and `||`. */
function shownLiterals(node: ts.Expression): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return shownLiterals(node.expression)
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return hasWords(node.text) ? [node] : []
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].some(hasWords) ? [node] : []
  if (ts.isConditionalExpression(node)) return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)]
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(node.operatorToken.kind)) return [...shownLiterals(node.left), ...shownLiterals(node.right)]
  return []
}

/** Each place in one file where interface text is written in the code. */
export function findUncatalogued(fileName: string, text: string): Array<{ line: number; text: string }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const found: ts.Node[] = []
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) found.push(node)
    else if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) {
        if (hasWords(node.initializer.text)) found.push(node)
      } else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) found.push(...shownLiterals(node.initializer.expression))
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) found.push(...shownLiterals(node.expression))
    else if (ts.isCallExpression(node)) {
      const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name.text : ts.isIdentifier(node.expression) ? node.expression.text : ''
      if (DIALOGS.has(callee) && node.arguments[0]) found.push(...shownLiterals(node.arguments[0]))
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found.map((n) => ({ line: source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1, text: n.getText(source).replace(/\s+/g, ' ').trim().slice(0, 70) }))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let failures = 0
  let pending = 0
  for (const file of files(path.join(root, 'client'))) {
    const rel = path.relative(root, file)
    const found = findUncatalogued(rel, fs.readFileSync(file, 'utf8'))
    if (PENDING.has(rel)) {
      pending += found.length
      if (!found.length) {
        console.error(`${rel}: nothing left to translate; remove it from tests/lint/uncataloguedPending.json`)
        failures++
      }
      continue
    }
    for (const f of found) console.error(`${rel}:${f.line}: interface text not in the catalogs: ${f.text}`)
    failures += found.length
  }
  for (const rel of PENDING) if (!fs.existsSync(path.join(root, rel))) (console.error(`${rel}: listed in uncataloguedPending.json but gone`), failures++)
  if (pending) console.log(`uncatalogued strings: ${pending} left in ${PENDING.size} file(s) not converted yet (tests/lint/uncataloguedPending.json)`)
  if (failures) process.exit(1)
}
