import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { summarize } from '../stats.js'

/**
 * What durability costs on this disk: the time of one SQLite commit of a small row, as Plenary
 * commits (WAL, synchronous=FULL: the commit returns once the log is on disk), in the directory
 * where the benchmark's servers keep their data. The price a persisting server pays on every
 * flush and a reference server that keeps nothing does not.
 */
export function commitCost(commits = 300) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenary-fsync-'))
  const db = new Database(path.join(dir, 'commits.db'))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec('CREATE TABLE updates (doc TEXT, seq INTEGER, body BLOB)')
    const insert = db.prepare('INSERT INTO updates VALUES (?, ?, ?)')
    const body = Buffer.alloc(120, 7)
    const times: number[] = []
    for (let i = 0; i < commits; i++) {
      const started = performance.now()
      insert.run('bench', i, body)
      times.push(performance.now() - started)
    }
    return summarize(times)
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
