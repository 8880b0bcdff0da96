import { parseArgs } from 'node:util'
import fs from 'node:fs'
import { loadConfig, parsePublicUrl, publicUrl, runningServerAddress } from '../config.js'
import { openAccountStores } from '../persistence/sqlite/accountStores.js'
import { openPostgresStores } from '../persistence/postgres/openPostgresStores.js'
import { openSqliteStores } from '../persistence/sqlite/openSqliteStores.js'
import { announceAccessChange } from '../cluster/RedisRelay.js'
import { hashPassword, randomId } from '../auth/secrets.js'
import { isRole } from '../../shared/permissions.js'

const HELP = `Plenary administration, on the DATA_DIR of the server (safe while it runs).

Usage: npm run admin -- <command> [options]

Commands:
  create-user --email E --name N --role R [--delegation D] [--group G] [--password P | --password-stdin]
        R is admin (server-wide administrator) or a group role: chair, member, dg-office, observer.
        Without a password, prints a one-time sign-in link instead.
  set-role --email E --role R [--group G] [--delegation D]
        Change a member's role (or make them admin); open connections get the new rights within a second.
  remove-member --email E [--group G]
  reset-password --email E [--password P | --password-stdin]
        Sets a new password (or prints a sign-in link) and signs the user out everywhere.
  create-token --email E [--name N]     Prints only the new personal access token.
  revoke-token --token T | --id I
  sign-in-link --email E                Prints a one-time sign-in link.
  create-group --name N                 Prints the new group's id.
  list-users
  backup <file>                         Consistent online copy of the database (safe while the server runs).
  migrate                               Brings the database's tables up to date (every start does it too).
  --help

Options that apply to every command:
  --url U     Base address of printed links (default PUBLIC_URL, else the address of the server running on DATA_DIR, else HOST and PORT)
  --group G   Group id; defaults to the only group when there is one.
Environment: DATA_DIR (default ./data), DATABASE_URL and PG_SCHEMA, REDIS_URL and REDIS_PREFIX, PUBLIC_URL, HOST and PORT, as for the server.
With REDIS_URL, a change of rights is announced to every node of the cluster at once.`

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      delegation: { type: 'string' },
      group: { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      token: { type: 'string' },
      id: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const command = positionals[0]
  if (values.help || !command) {
    process.stdout.write(`${HELP}\n`)
    return values.help ? 0 : 2
  }
  const config = loadConfig()
  const givenUrl = values.url === undefined ? undefined : parsePublicUrl(values.url)
  if (typeof givenUrl === 'object') throw new UsageError(`--url ${givenUrl.problem}`)
  const baseUrl = givenUrl ?? config.PUBLIC_URL ?? runningServerAddress(config.DATA_DIR) ?? publicUrl(config)
  // The server's database: PostgreSQL when DATABASE_URL is set (a backup is then pg_dump's job), else the SQLite file.
  const stores = config.DATABASE_URL
    ? { ...(await openPostgresStores(config.DATABASE_URL, { schema: config.PG_SCHEMA, maxConnections: 2 })), backup: undefined }
    : openAccountStores(config.DATA_DIR, { synchronous: config.SQLITE_SYNCHRONOUS })
  const { accounts, groups } = stores
  const out = (line: string) => process.stdout.write(`${line}\n`)
  const need = (name: keyof typeof values): string => {
    const v = values[name]
    if (typeof v !== 'string' || !v.trim()) throw new UsageError(`${command} needs --${name}`)
    return v.trim()
  }
  const userByEmail = async () => {
    const user = await accounts.userByEmail(need('email'))
    if (!user) throw new Error(`no user with email ${values.email}`)
    return user
  }
  const groupId = async () => {
    if (values.group) {
      if (!(await groups.getGroup(values.group))) throw new Error(`no group with id ${values.group}`)
      return values.group
    }
    const all = await groups.listGroups()
    if (all.length !== 1) throw new UsageError(`there are ${all.length} groups: say which with --group (${all.map((g) => g.id).join(', ')})`)
    return all[0].id
  }
  const password = (): Promise<string | null> | string | null => {
    if (values['password-stdin']) return fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '')
    return values.password ?? null
  }
  const checkPassword = (p: string) => {
    if (p.length < 10) throw new UsageError('passwords have at least 10 characters')
  }
  const link = async (userId: string) => `${baseUrl}/#/signin/${await accounts.createSignInLink(userId, config.SIGN_IN_LINK_TTL_HOURS * 3_600_000)}`
  const setRole = async (userId: string, role: string, delegation?: string) => {
    if (role === 'admin') return accounts.setAdmin(userId, true)
    if (!isRole(role)) throw new UsageError(`unknown role "${role}": admin, chair, member, dg-office or observer`)
    const group = await groupId()
    const current = await groups.membership(group, userId)
    await groups.setMembership({ groupId: group, userId, role, delegation: delegation ?? current?.delegation ?? '' })
  }

  const run = async (): Promise<void> => {
    switch (command) {
      case 'create-user': {
        const role = need('role')
        const pw = await password()
        if (pw !== null) checkPassword(pw)
        const user = await accounts.createUser({ email: need('email'), name: need('name'), passwordHash: pw === null ? null : await hashPassword(pw), isAdmin: role === 'admin' })
        if (role !== 'admin') await setRole(user.id, role, values.delegation)
        out(`created ${user.email} (${role}${values.delegation ? `, ${values.delegation}` : ''}) with id ${user.id}`)
        if (pw === null) out(`sign-in link: ${await link(user.id)}`)
        return
      }
      case 'set-role': {
        const user = await userByEmail()
        await setRole(user.id, need('role'), values.delegation)
        out(`${user.email} is now ${values.role}`)
        return
      }
      case 'remove-member': {
        const user = await userByEmail()
        if (!(await groups.removeMembership(await groupId(), user.id))) throw new Error(`${user.email} is not a member of that group`)
        out(`removed ${user.email}`)
        return
      }
      case 'reset-password': {
        const user = await userByEmail()
        const pw = await password()
        if (pw !== null) {
          checkPassword(pw)
          await accounts.setPassword(user.id, await hashPassword(pw))
        }
        await accounts.deleteSessionsOf(user.id)
        out(pw === null ? `sign-in link: ${await link(user.id)}` : `password of ${user.email} changed; all sessions signed out`)
        return
      }
      case 'create-token':
        out((await accounts.createToken((await userByEmail()).id, values.name ?? 'command line')).token)
        return
      case 'revoke-token': {
        if (!values.token && !values.id) throw new UsageError('revoke-token needs --token or --id')
        if (!(await accounts.revokeToken({ token: values.token, id: values.id }))) throw new Error('no active token matches')
        out('token revoked')
        return
      }
      case 'sign-in-link':
        out(await link((await userByEmail()).id))
        return
      case 'create-group': {
        const id = randomId()
        await groups.createGroup({ id, name: need('name') })
        out(id)
        return
      }
      case 'backup': {
        const file = positionals[1]
        if (!file) throw new UsageError('backup needs a file name: npm run admin -- backup <file>')
        if (fs.existsSync(file)) throw new Error(`${file} exists; choose a new file name`)
        if (!stores.backup) throw new UsageError('backup copies the SQLite file; on PostgreSQL use pg_dump')
        // SQLite's online backup API: a consistent snapshot while writers keep going.
        await stores.backup(file)
        out(`backup written to ${file} (${fs.statSync(file).size} bytes)`)
        return
      }
      case 'migrate':
        if (config.DATABASE_URL) out(`PostgreSQL schema ${config.PG_SCHEMA ?? 'public'} is up to date`)
        else {
          // The account stores opened above are not all of them: open every store once.
          openSqliteStores(config.DATA_DIR, { synchronous: config.SQLITE_SYNCHRONOUS }).close()
          out(`${config.DATA_DIR}/plenary.db is up to date`)
        }
        return
      case 'list-users':
        for (const g of await groups.listGroups()) {
          out(`${g.name} (${g.id})`)
          for (const m of await groups.members(g.id)) out(`  ${m.role.padEnd(9)} ${m.email} ${m.name}${m.delegation ? ` (${m.delegation})` : ''}`)
        }
        return
      default:
        throw new UsageError(`unknown command "${command}"; see --help`)
    }
  }
  try {
    await run()
    // Nodes of a cluster re-decide their connections now (others notice within about a second anyway).
    if (config.REDIS_URL && ['set-role', 'remove-member', 'reset-password', 'revoke-token'].includes(command)) {
      await announceAccessChange(config.REDIS_URL, config.REDIS_PREFIX).catch((error: unknown) => process.stderr.write(`warning: could not tell the cluster through Redis (${(error as Error).message}); nodes notice within seconds\n`))
    }
    return 0
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`)
    return error instanceof UsageError ? 2 : 1
  } finally {
    await stores.close()
  }
}

void main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`error: ${(error as Error).message}\n`)
    process.exitCode = 2
  },
)
