/**
 * Finds promises nobody waits for in server/, bench/ and tests/: a store call whose result is dropped (a write
 * that may fail unseen or land after the answer), or used as a truth value (always true). Run by
 * `npm run typecheck` after tsc; prints each place and exits 1 when there is one. A promise meant to
 * run on its own is written `void promise` (and handles its own errors).
 */
import path from 'node:path'
import ts from 'typescript'

const root = path.resolve(import.meta.dirname, '../..')
const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!
const program = ts.createProgram(config.fileNames, config.options)
const checker = program.getTypeChecker()
const watched = ['server/', 'bench/', 'tests/']

const isPromiseType = (type: ts.Type | undefined) => !!type && [type, ...(type.isUnion() ? type.types : [])].some((t) => t.getSymbol()?.getName() === 'Promise')
const isPromise = (node: ts.Node) => isPromiseType(checker.getTypeAtLocation(node))

/** Why a promise-valued expression here is a mistake, or undefined when it is used properly. */
function misuse(node: ts.Expression): string | undefined {
  let parent = node.parent
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent
  if (ts.isExpressionStatement(parent)) return 'dropped (await it, or `void` it when it runs on its own)'
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return 'negated (always false)'
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === node) return 'used as a condition (always true)'
  if (ts.isConditionalExpression(parent) && parent.condition === node) return 'used as a condition (always true)'
  if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind) && parent.left === node) return 'used as a truth value (always true)'
  if (ts.isTemplateSpan(parent)) return 'put in a string (await it first)'
  if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'expect') {
    const matcher = parent.parent
    if (!(ts.isPropertyAccessExpression(matcher) && ['resolves', 'rejects'].includes(matcher.name.text))) return 'given to expect() (await it, or use .resolves)'
  }
  // In an object, unless the object's type asks for a promise there.
  if (ts.isPropertyAssignment(parent) && !isPromiseType(checker.getContextualType(node))) return 'put in an object (await it first)'
  if (ts.isArrowFunction(parent) && parent.body === node) {
    const call = parent.parent
    if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && ['filter', 'some', 'every', 'find', 'findIndex', 'forEach'].includes(call.expression.name.text)) return `returned to ${call.expression.name.text}() (which does not wait)`
  }
  return undefined
}

const found: string[] = []
for (const file of program.getSourceFiles()) {
  const relative = path.relative(root, file.fileName)
  if (!watched.some((dir) => relative.startsWith(dir))) continue
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && isPromise(node)) {
      const why = misuse(node)
      if (why) {
        const { line, character } = file.getLineAndCharacterOfPosition(node.getStart())
        found.push(`${relative}:${line + 1}:${character + 1} a promise ${why}: ${node.getText().slice(0, 80)}`)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
}
for (const line of found) console.log(line)
if (found.length) process.exit(1)
